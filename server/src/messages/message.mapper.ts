// Turns a messages row into the wire `Message`.
import type { Message } from '../../../protocol/index.ts';

/** The columns of `messages` the server reads. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  client_id: string;
  body: string;
  reply_to: string | null;
  created_at: Date;
  deleted_at: Date | null;
}

/** The column list matching {@link MessageRow}, for `SELECT ${MESSAGE_COLUMNS}`. */
export const MESSAGE_COLUMN_NAMES = [
  'id',
  'conversation_id',
  'seq',
  'sender_id',
  'client_id',
  'body',
  'reply_to',
  'created_at',
  'deleted_at',
] as const;

/** Maps a row to a `Message`. */
export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    senderId: r.sender_id,
    clientId: r.client_id,
    body: r.body,
    replyTo: r.reply_to,
    createdAt: r.created_at.toISOString(),
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}
