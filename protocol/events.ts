// The Socket.IO event maps, one per direction, with their payloads and acks (contract section 5).
import type { ErrorBody } from './errors.ts';
import type { Conversation, Message, Presence, UnreadCounts } from './models.ts';
import type { SiteInfo } from './safety.ts';

/** Every client request is acknowledged with this discriminated union. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** The callback a client passes as the last argument of a request. */
export type AckCallback<T> = (ack: Ack<T>) => void;

export interface SendMessagePayload {
  conversationId: string;
  /** Chosen by the client; the same (sender, clientId) is stored once, ever. */
  clientId: string;
  /** May be empty when `attachments` names at least one photo. */
  body: string;
  replyTo?: string | null;
  /** Ids of the sender's own unsent uploads, at most `LIMITS.attachmentsMax`. */
  attachments?: string[];
}

export interface DeleteMessagePayload {
  messageId: string;
}

export interface ReadPayload {
  conversationId: string;
  /** The highest seq the reader has seen. */
  seq: number;
}

export interface SyncPayload {
  /**
   * The last seq the client holds, per conversation it knows (a full check: every named conversation
   * is read). Must be empty (or absent) with `changeCursor`.
   */
  conversations?: Record<string, number>;
  /** `deletedCursor` from the previous answer: only deletions not sent since come back. */
  deletedCursor?: string | null;
  /**
   * `changeCursor` from the previous answer: only the conversations changed since come back (views,
   * their new messages, deletions, conversations lost), whatever the number the client holds.
   */
  changeCursor?: string | null;
}

export interface SyncResult {
  /** Messages after the given seqs, in (conversation, seq) order. */
  messages: Message[];
  /**
   * Conversations the client did not name (newest activity first, archived left out) and the
   * named ones, with their current state.
   */
  conversations: Conversation[];
  /** True when the answer was cut at a limit: ask again with the new seqs. */
  hasMore: boolean;
  /** Messages at or before the given seqs deleted since: the client turns them into tombstones. */
  deleted: MessageDeletedEvent[];
  /** Opaque: send it with the next `sync` to hear only of deletions made since this one. */
  deletedCursor: string;
  /**
   * Ids the client named that are not its conversations (never were, or no longer exist): they were
   * skipped, and the client drops them from its state and cache.
   */
  gone: string[];
  /** The user's site as safety notices name it ("hidden by <name>", its help page). */
  site?: SiteInfo;
  /**
   * Opaque: send it as `changeCursor` with the next `sync` to hear only of what changed after this
   * answer. Present in every answer; after a full check in several requests, keep the first one's.
   */
  changeCursor?: string;
  /**
   * Cursor answers only: conversations in which more changed than one answer lists (many deletions):
   * the client drops the messages it holds of them and fetches them again when shown.
   */
  reload?: string[];
  /**
   * True when the `changeCursor` sent cannot be used (it comes from another database, e.g. before a
   * restore): nothing else is in the answer; sync again without it, naming the conversations held.
   */
  changeCursorReset?: boolean;
}

export interface MutePayload {
  conversationId: string;
  /** True: no email, sound or desktop notification for this conversation; false undoes it. */
  muted: boolean;
}

export interface TypingPayload {
  conversationId: string;
  typing: boolean;
}

/** The requests a client sends: the one list of their names. Each takes a payload and an ack callback. */
export const CLIENT_REQUESTS = ['message:send', 'message:delete', 'conversation:read', 'conversation:mute', 'sync'] as const;

/** The notices a client sends: the one list of their names. Each takes a payload, no ack. */
export const CLIENT_NOTICES = ['typing'] as const;

/** The name of a client request. */
export type ClientRequestName = (typeof CLIENT_REQUESTS)[number];

/** The name of a client notice. */
export type ClientNoticeName = (typeof CLIENT_NOTICES)[number];

/** Each request's payload and the data of its ack (a listed name without an entry here does not compile). */
export interface ClientRequestTypes {
  'message:send': { payload: SendMessagePayload; result: Message };
  'message:delete': { payload: DeleteMessagePayload; result: Record<string, never> };
  'conversation:read': { payload: ReadPayload; result: Record<string, never> };
  'conversation:mute': { payload: MutePayload; result: Record<string, never> };
  sync: { payload: SyncPayload; result: SyncResult };
}

/** Each notice's payload. */
export interface ClientNoticeTypes {
  typing: TypingPayload;
}

/** Events the widget sends, built from the two lists: every request with an ack callback, every notice without. */
export type ClientToServerEvents = {
  [E in ClientRequestName]: (
    payload: ClientRequestTypes[E]['payload'],
    ack: AckCallback<ClientRequestTypes[E]['result']>,
  ) => void;
} & {
  [E in ClientNoticeName]: (payload: ClientNoticeTypes[E]) => void;
};

export interface MessageDeletedEvent {
  conversationId: string;
  messageId: string;
  seq: number;
}

export interface ReadEvent {
  conversationId: string;
  userId: string;
  seq: number;
}

export interface TypingEvent {
  conversationId: string;
  userId: string;
  typing: boolean;
}

/**
 * Sent to one socket just before the server disconnects it because the token of its handshake is no
 * longer accepted (its `exp` plus the allowed clock skew has passed): the client reconnects with a
 * token it has not used yet.
 */
export interface SessionExpiredEvent {
  code: 'token_expired';
  message: string;
}

/**
 * Sent to every socket of a server process whose link to the other processes (Redis) was lost and is
 * back: events may have been missed meanwhile, so the client runs `sync` as after a reconnection.
 */
export interface SyncNeededEvent {
  reason: 'fan_out_restored';
}

/** Events the server pushes to every socket of the users concerned. */
export interface ServerToClientEvents {
  'message:created': (message: Message) => void;
  'message:deleted': (event: MessageDeletedEvent) => void;
  'conversation:updated': (conversation: Conversation) => void;
  'conversation:read': (event: ReadEvent) => void;
  typing: (event: TypingEvent) => void;
  presence: (presence: Presence) => void;
  unread: (unread: UnreadCounts) => void;
  'session:expired': (event: SessionExpiredEvent) => void;
  'sync:needed': (event: SyncNeededEvent) => void;
}

/** The server events about the user's data (every one but `session:expired`, which is about the connection). */
export type DataEventName = Exclude<keyof ServerToClientEvents, 'session:expired'>;

/** The handshake's `auth` object. The token never travels in the URL. */
export interface HandshakeAuth {
  token: string;
}

/** `connect_error` carries this in `err.data` when the server refuses a handshake. */
export interface ConnectErrorData {
  /**
   * `rate_limited`: the user already has as many connections as the server allows (`PARLEY_MAX_SOCKETS_PER_USER`);
   * `suspended`: the site's moderators suspended this user.
   */
  code: 'unauthorized' | 'forbidden_origin' | 'unavailable' | 'invalid' | 'rate_limited' | 'suspended';
  message: string;
}
