// The client's state and option types: what elements read and what integrators pass in.
import type { Conversation, ErrorBody, Message, Presence, UnreadCounts } from '../../../protocol/index.ts';

/** The connection state machine's visible states (contract: `parley-connection-change`). */
export type ConnectionStatus = 'online' | 'connecting' | 'offline';

/** Whether a user is known: `rejected` once the server refused the token even after a refresh. */
export type AuthState = 'unknown' | 'signed-in' | 'signed-out' | 'rejected';

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
}

/** The signed-in user, read from the token's claims (`iss` and `sub`). */
export interface Identity {
  siteId: string;
  userId: string;
}

/** Someone typing in a conversation, until `until` (ms since epoch) unless renewed. */
export interface TypingState {
  userId: string;
  until: number;
}

/** What the chat panel should show; changed by `openChat()` / `closeChat()` from any element. */
export interface ViewState {
  open: boolean;
  conversationId: string | null;
  /** Only conversations about this listing (a seller looking at their own listing), or all. */
  listingId: string | null;
  /** Bumped on every request, so that an element can tell a new request from an old one. */
  rev: number;
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
  /** Every known conversation by id, archived ones included (flagged). */
  conversations: Readonly<Record<string, Conversation>>;
  /** Held messages per conversation: seq order, contiguous, the newest ones. */
  threads: Readonly<Record<string, readonly Message[]>>;
  /** Conversations whose older messages are being fetched. */
  loadingOlder: Readonly<Record<string, boolean>>;
  unread: UnreadCounts;
  presence: Readonly<Record<string, Presence>>;
  /** The other party typing, by conversation id. */
  typing: Readonly<Record<string, TypingState>>;
  /** Messages not yet acknowledged, in queue order. */
  outbox: readonly OutboxItem[];
  /** The clientId of the message being sent right now. */
  sending: string | null;
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
