// The Socket.IO event maps, one per direction, with their payloads and acks (contract section 5).
import type { ErrorBody } from './errors.ts';
import type { Conversation, Message, Presence, UnreadCounts } from './models.ts';

/** Every client request is acknowledged with this discriminated union. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** The callback a client passes as the last argument of a request. */
export type AckCallback<T> = (ack: Ack<T>) => void;

export interface SendMessagePayload {
  conversationId: string;
  /** Chosen by the client; the same (sender, clientId) is stored once, ever. */
  clientId: string;
  body: string;
  replyTo?: string | null;
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
  /** The last seq the client holds, per conversation it knows. */
  conversations: Record<string, number>;
  /** `deletedCursor` from the previous answer: only deletions not sent since come back. */
  deletedCursor?: string | null;
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
}

export interface TypingPayload {
  conversationId: string;
  typing: boolean;
}

/** Events the widget sends. Every one but `typing` takes an ack callback. */
export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: AckCallback<Message>) => void;
  'message:delete': (payload: DeleteMessagePayload, ack: AckCallback<Record<string, never>>) => void;
  'conversation:read': (payload: ReadPayload, ack: AckCallback<Record<string, never>>) => void;
  sync: (payload: SyncPayload, ack: AckCallback<SyncResult>) => void;
  typing: (payload: TypingPayload) => void;
}

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

/** Events the server pushes to every socket of the users concerned. */
export interface ServerToClientEvents {
  'message:created': (message: Message) => void;
  'message:deleted': (event: MessageDeletedEvent) => void;
  'conversation:updated': (conversation: Conversation) => void;
  'conversation:read': (event: ReadEvent) => void;
  typing: (event: TypingEvent) => void;
  presence: (presence: Presence) => void;
  unread: (unread: UnreadCounts) => void;
}

/** The handshake's `auth` object. The token never travels in the URL. */
export interface HandshakeAuth {
  token: string;
}

/** `connect_error` carries this in `err.data` when the server refuses a handshake. */
export interface ConnectErrorData {
  code: 'unauthorized' | 'forbidden_origin' | 'unavailable' | 'invalid';
  message: string;
}
