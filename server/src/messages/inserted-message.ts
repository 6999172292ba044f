// What a send stores and gives back, shared by the one-message and the batched insert statements.
import type { Message, WarningCode } from '../../../protocol/index.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { type MessageRow, toMessage } from './message-row.ts';

/** One message to store. */
export interface SendInput {
  conversationId: string;
  clientId: string;
  body: string;
  replyTo: string | null;
  /** Ids of the sender's unsent uploads the message carries (claimed by the same statement). */
  attachments?: string[];
  /** Set by the send path's safety check, never by the sender: contact details were masked in `body`. */
  masked?: boolean;
  /** Set by the send path's safety check: what the recipient is warned of. */
  warnings?: WarningCode[];
}

/** A stored message, with what fan-out needs. */
export interface InsertedMessage {
  message: Message;
  buyerId: string;
  sellerId: string;
  /** Members who had hidden the conversation: the new message brought it back for them. */
  unarchived: string[];
  /** The sender's first message in this conversation: the other member may now see their presence. */
  firstFromSender: boolean;
}

/** What stands in the way when an insert stored nothing. */
export type SendObstacle = 'not_found' | 'blocked' | 'bad_reply' | 'bad_attachments' | 'duplicate';

/** The row both insert statements answer with: the message row and the columns of {@link InsertedMessage}. */
export interface InsertedRow extends MessageRow {
  buyer_id: string;
  seller_id: string;
  unarchived: string[];
  first_from_sender: boolean;
}

/** Maps an {@link InsertedRow}. */
export function toInsertedMessage(row: InsertedRow): InsertedMessage {
  return {
    message: toMessage(row),
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    unarchived: row.unarchived,
    firstFromSender: row.first_from_sender,
  };
}

/**
 * What else a send statement does with the messages it stored (the CTE named `messages`): CTEs
 * appended to its WITH list, each beginning with a comma, so that they commit with the messages (the
 * email digest's scheduling, `message.created` webhook events). Application.ts supplies them.
 */
export type SendEffects = (sql: Sql, messages: string) => SqlFragment;

/** No effects: a send stores its message and nothing else. */
export const NO_SEND_EFFECTS: SendEffects = (sql) => sql``;
