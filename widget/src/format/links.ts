// Finds http(s) links in message text; everything else stays text (rendered by Lit, never as HTML).

/** A run of plain text or a link. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"»)\]]+$/;

/** Splits text into text and link segments; only `http:` and `https:` URLs become links. */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    // Punctuation that ends a sentence is not part of the link; a closing parenthesis is, when opened inside.
    const trail = raw.match(TRAILING)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trail.length);
    if (trail.startsWith(')') && raw.includes('(')) raw += ')';
    const href = safeHref(raw);
    if (!href) continue;
    const start = match.index;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    // The text shows the host the link really goes to: as written when it does, else the address
    // itself (international names in punycode, `https://bank.example@evil.example` without its `bank.example@`).
    const origin = new URL(href).origin;
    out.push({ kind: 'link', text: raw.toLowerCase().startsWith(origin) ? raw : href, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** The normalised URL when it is http or https (without a user name or password), else null. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    url.username = url.password = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null; // not a URL after all: it stays text
  }
}
