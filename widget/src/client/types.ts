// The client's state and option types: what elements read and what integrators pass in.
import type {
  Conversation,
  ConversationFilter,
  CreateConversationRequest,
  ErrorBody,
  Message,
  Presence,
  SiteInfo,
} from '../../../protocol/index.ts';

/** The connection state machine's visible states (contract: `parley-connection-change`). */
export type ConnectionStatus = 'online' | 'connecting' | 'offline';

/** Whether a user is known: `rejected` once the server refused the token even after a refresh. */
export type AuthState = 'unknown' | 'signed-in' | 'signed-out' | 'rejected' | 'suspended';

/** Status of one of the user's own messages, as shown next to it (contract section 2). */
export type OwnMessageStatus = 'queued' | 'sending' | 'sent' | 'read' | 'failed';

/** Where the cache lives: IndexedDB, or memory after a storage failure (shown to the user). */
export type StorageKind = 'indexeddb' | 'memory';

/** A message written by the user and not yet acknowledged by the server. */
export interface OutboxItem {
  clientId: string;
  conversationId: string;
  body: string;
  replyTo: string | null;
  /** Position in the queue: the outbox is drained in this order. */
  order: number;
  /** ISO 8601, when the user sent it. */
  createdAt: string;
  status: 'pending' | 'failed';
  /** Why the server refused it, when `failed`. */
  error: ErrorBody | null;
  /** Photos sent with it, as blobs (IndexedDB keeps them across a reload); absent on items without. */
  photos?: OutboxPhoto[];
}

/** A photo waiting in the outbox: uploaded before its message is sent, once (`uploadId` is kept). */
export interface OutboxPhoto {
  blob: Blob;
  width: number;
  height: number;
  /** Set once uploaded (by the composer, or by the outbox when it was chosen offline). */
  uploadId: string | null;
}

/** The signed-in user, read from the token's claims (`iss` and `sub`). */
export interface Identity {
  siteId: string;
  userId: string;
}

/** Someone typing in a conversation (cleared when they stop, send, or fall silent for a while). */
export interface TypingState {
  userId: string;
}

/**
 * What the page's chat shows, for every element of the page: the one home of "is the panel open, at
 * which conversation" (`<parley-chat>`'s `open` and `conversation` read it). Changed by the client's
 * `openChat()`, `closeChat()`, `toggleChat()` and `showConversation()`.
 */
export interface ViewState {
  /** The floating panel is shown. */
  open: boolean;
  /** The open conversation, or null for the list. */
  conversationId: string | null;
  /** The list shows only the conversations about this listing (a seller looking at their own listing). */
  listingId: string | null;
  /** The list's filter (`all` when absent). */
  filter?: ConversationFilter;
  /** The list's search text (none when absent): kept while a result is open, for the way back. */
  search?: string;
  /** A conversation asked for by a contact button and not yet answered by the server (shown meanwhile). */
  pending?: PendingConversation | null;
}

/**
 * What the chat shows while `POST /conversations` (and the token before it) is on its way: the
 * listing card from the button's attributes, the seller's name when a held conversation knows it.
 */
export interface PendingConversation extends CreateConversationRequest {
  /** The seller's display name, if known. */
  name: string | null;
  /** The server refused or could not be reached: the view shows the error instead of "opening…". */
  failed?: boolean;
}

/** The one observable state of a page's client. Replaced, never mutated: compare by reference. */
export interface ParleyState {
  status: ConnectionStatus;
  auth: AuthState;
  me: Identity | null;
  /** True once the cache has been read (the list can render). */
  ready: boolean;
  storage: StorageKind;
  /** True while a catch-up `sync` runs. */
  syncing: boolean;
  /** The server's cursor of deletions already heard of, sent with the next `sync` (cached per user). */
  deletedCursor: string | null;
  /**
   * The server's cursor of changes already heard of (cached per user): a reconnect sends it alone and
   * hears only of what changed since. Null until a full check of the conversations held ended.
   */
  changeCursor: string | null;
  /** The user's site (its name and help page, for safety notices), from the last `sync`. */
  site: SiteInfo | null;
  /**
   * Every known conversation by id, archived ones included (flagged). Each carries the user's unread
   * count (`unread`): the one home of unread counts, totals are derived (`unreadTotal()`).
   */
  conversations: Readonly<Record<string, Conversation>>;
  /** Held messages per conversation: seq order, contiguous, the newest ones. */
  threads: Readonly<Record<string, readonly Message[]>>;
  /**
   * Conversations whose cached messages are still on disk (not read at start), each with the ids of
   * its messages deleted since the start: applied when the thread is read, so a deleted text never returns.
   */
  coldThreads: Readonly<Record<string, readonly string[]>>;
  /** Conversations whose older messages are being fetched. */
  loadingOlder: Readonly<Record<string, boolean>>;
  presence: Readonly<Record<string, Presence>>;
  /** The other party typing, by conversation id. */
  typing: Readonly<Record<string, TypingState>>;
  /** Messages not yet acknowledged, in queue order. */
  outbox: readonly OutboxItem[];
  /** Users this user blocked from this device. */
  blocked: Readonly<Record<string, true>>;
  view: ViewState;
}

/** Returns the user's token, or null when nobody is signed in. `forceRefresh` after a refusal. */
export type TokenGetter = (options?: { forceRefresh?: boolean }) => Promise<string | null>;

/** Options of {@link ParleyClient}. */
export interface ParleyClientOptions {
  /** The Parley server's origin, e.g. `https://chat.example.com`. */
  server: string;
  getToken: TokenGetter;
  /** Preferred locale for elements that have no `lang` (e.g. `fr`). */
  locale?: string;
  /** Socket.IO transports in the order tried (websocket first, long-polling fallback). */
  transports?: string[];
  /** Use memory instead of IndexedDB (also the automatic fallback when IndexedDB fails). */
  storage?: StorageKind;
}
