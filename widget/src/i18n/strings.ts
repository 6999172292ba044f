// The shape of a locale's strings: every visible text of the widget, typed.
import type { ListingStatus, WarningCode } from '../../../protocol/index.ts';

/** A count already formatted for the locale (`n`) with its plural category (`one`, `other`, …). */
export interface Count {
  n: string;
  plural: Intl.LDMLPluralRule;
}

/** Every string the elements show or announce. Functions take already-formatted values. */
export interface Strings {
  /** Drawn in place of contact details a site masked. */
  hiddenBy(site: string): string;
  /** Under the user's own message whose contact details were masked: why. */
  maskedNotice(site: string): string;
  /** Under another's message, one per warning code: the risk, in plain words. */
  warnings: Record<WarningCode, (site: string) => string>;
  /** The link to the site's help page under a warning. */
  safetyHelp: string;
  /** Before following a link to another host. */
  leavingSite(site: string, host: string): string;
  continueTo: string;
  /** The site, when its name is not known yet. */
  thisSite: string;
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
  /** The thread header's mute action and its undoing (no sound, desktop notification or email). */
  mute: string;
  unmute: string;
  /** The chat's settings: the sound toggle and the button that asks for desktop notifications. */
  sound: string;
  enableNotifications: string;
  /** A desktop notification's title, and its text when the site shows no message text. */
  notificationTitle(name: string): string;
  notificationHidden: string;
  reportReason: string;
  reportSend: string;
  reportDone: string;
  reply: string;
  replyingTo(name: string): string;
  cancelReply: string;
  deleteMessage: string;
  retry: string;
  discard: string;
  /** A photo: its alt text, and the preview of a message that has no text. */
  photo: string;
  attachPhotos: string;
  removePhoto: string;
  /** A photo that cannot be sent (not an image, too large). */
  photoRefused: string;
  /** The photo viewer: its label with the position (`Photo 2 of 3`), and its buttons. */
  photoOf(index: string, total: string): string;
  previousPhoto: string;
  nextPhoto: string;
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
  /** The chat while a contact button's conversation is being got or created (the composer already takes text). */
  openingConversation: string;
  /** `<parley-contact-seller>`'s label for a buyer. */
  contactSeller: string;
  /** Its label for the seller of the listing. */
  listingMessages: string;
  /** The list filtered to one listing: its heading, the way back, and its empty state. */
  showAllConversations: string;
  noListingMessages: string;
  /** The list's search field: its label, placeholder, and what the live region says of the results. */
  searchLabel: string;
  searchPlaceholder: string;
  searchResults(c: Count): string;
  /** The same, when only this device's cache was searched (offline). */
  searchResultsOffline(c: Count): string;
  clearSearch: string;
  /** Where a result comes from: a listing title or a person's name (messages show as they are). */
  searchInListing: string;
  searchInName: string;
  /** The list's filters: which conversations, and about which listing. */
  filterLabel: string;
  filterAll: string;
  filterUnread: string;
  filterArchived: string;
  listingFilterLabel: string;
  allListings: string;
  /** One listing in the listing filter: its title and how many conversations are about it. */
  listingOption(title: string, c: Count): string;
  noFilterResults: string;
  /** `<parley-unread-bubble>`'s accessible name. */
  bubbleLabel(unread: Count | null): string;
  /** A registered listing's status, on its card. */
  listingStatus: Record<ListingStatus, string>;
  /** The system message saying a listing's status changed. */
  listingStatusChanged: Record<ListingStatus, string>;
  /** Announces a note the marketplace posted (read before its text). */
  siteNote: string;
  /** The chat of a user the site's moderators suspended. */
  suspended: string;
  /** Under the header of a conversation whose other party is suspended. */
  suspendedNotice(name: string): string;
}

/** The strings the loader paints before the runtime arrives (the contact button's label, the bubble's name). */
export type LauncherStrings = Pick<Strings, 'contactSeller' | 'listingMessages' | 'bubbleLabel'>;
