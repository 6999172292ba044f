// The shape of a locale's strings: every visible text of the widget, typed.

/** A count already formatted for the locale (`n`) with its plural category (`one`, `other`, …). */
export interface Count {
  n: string;
  plural: Intl.LDMLPluralRule;
}

/** Every string the elements show or announce. Functions take already-formatted values. */
export interface Strings {
  chatLabel: string;
  title: string;
  close: string;
  back: string;
  conversationsLabel: string;
  loading: string;
  emptyTitle: string;
  emptyHint: string;
  signedOut: string;
  rejected: string;
  storageMemory: string;
  statusOnline: string;
  statusConnecting: string;
  statusOffline: string;
  queued(c: Count): string;
  unread(c: Count): string;
  archive(title: string): string;
  /** Prefix of the user's own last message in the list (`You:`). */
  you: string;
  /** The user, named in a quote. */
  youName: string;
  deleted: string;
  noMessagesYet: string;
  someone: string;
  online: string;
  offline: string;
  lastSeen(when: string): string;
  justNow: string;
  listingLink: string;
  messagesLabel(name: string): string;
  loadOlder: string;
  loadingOlder: string;
  newMessages: string;
  typing(name: string): string;
  refresh: string;
  block(name: string): string;
  unblock(name: string): string;
  blockConfirm(name: string): string;
  blockedNotice(name: string): string;
  confirm: string;
  cancel: string;
  report: string;
  reportReason: string;
  reportSend: string;
  reportDone: string;
  reply: string;
  replyingTo(name: string): string;
  cancelReply: string;
  deleteMessage: string;
  retry: string;
  discard: string;
  statusQueued: string;
  statusSending: string;
  statusSent: string;
  statusRead: string;
  statusFailed: string;
  composerLabel: string;
  composerPlaceholder: string;
  send: string;
  charactersLeft(c: Count): string;
  toastFrom(name: string): string;
  toastOpen: string;
  dismiss: string;
  announce(name: string, body: string): string;
  errorGeneric: string;
  /** `<parley-contact-seller>`: its conversation could not be opened (the `parley-error` message). */
  errorOpenConversation: string;
  /** `<parley-contact-seller>`'s label for a buyer. */
  contactSeller: string;
  /** Its label for the seller of the listing. */
  listingMessages: string;
  /** The list filtered to one listing: its heading, the way back, and its empty state. */
  showAllConversations: string;
  noListingMessages: string;
  /** `<parley-unread-bubble>`'s accessible name. */
  bubbleLabel(unread: Count | null): string;
}
