// Creates the page's floating `<parley-chat>` when the bubble or the contact button needs one and there is none.

/** The page's floating chat, created at the end of `<body>` when the page has none. */
export function ensureFloatingChat(doc: Document = document): HTMLElement {
  const existing = doc.querySelector<HTMLElement>('parley-chat:not([inline])');
  if (existing) return existing;
  const chat = doc.createElement('parley-chat');
  doc.body.append(chat);
  return chat;
}
