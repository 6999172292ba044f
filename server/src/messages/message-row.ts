// "A message row", in one place: the columns read, the SQL that selects them, the mapper to the wire
// `Message`, and what a deletion clears. A new column of `messages` is read, mapped and cleared here.
import { API_PREFIX, type Attachment, type Message, type SystemContent, type WarningCode } from '../../../protocol/index.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { photoPath } from '../uploads/signed-urls.ts';

/** The columns of `messages` that make a wire `Message`. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  kind: 'user' | 'system';
  sender_id: string | null;
  system: SystemContent | null;
  client_id: string;
  body: string;
  reply_to: string | null;
  created_at: Date;
  deleted_at: Date | null;
  masked: boolean;
  warnings: string[];
  /** The photos, as the send stored them (uploads claimed by it). */
  attachments: StoredAttachment[];
}

/** A photo as `messages.attachments` keeps it: what readers need, without URLs (signed per viewer on the way out). */
export interface StoredAttachment {
  id: string;
  width: number;
  height: number;
  bytes: number;
}

/** Every column of {@link MessageRow}, once each, in select order (the type refuses a missing or extra one). */
const COLUMN_ORDER: Record<keyof MessageRow, true> = {
  id: true,
  conversation_id: true,
  seq: true,
  kind: true,
  sender_id: true,
  system: true,
  client_id: true,
  body: true,
  reply_to: true,
  created_at: true,
  deleted_at: true,
  attachments: true,
  masked: true,
  warnings: true,
};
const MESSAGE_COLUMNS = Object.keys(COLUMN_ORDER) as Array<keyof MessageRow>;

/** {@link MessageRow} read under a prefix (`lm_id`, `lm_body`…) beside other columns; all null when no message was joined. */
export type PrefixedMessageRow<P extends string> = { [K in keyof MessageRow as `${P}${K}`]: MessageRow[K] | null };

/**
 * The select list of a message row from the table or CTE named `from`: `m.id, m.conversation_id, …`,
 * or `m.id AS lm_id, …` with a `prefix`, for a row that also holds other columns.
 */
export function messageColumns(sql: Sql, from = 'm', prefix = ''): SqlFragment {
  return MESSAGE_COLUMNS.map((column) => sql`${sql(`${from}.${column}`)} AS ${sql(prefix + column)}`).reduce(
    (list, column) => sql`${list}, ${column}`,
  );
}

/** Maps a row to a `Message`. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    kind: row.kind,
    senderId: row.sender_id,
    system: row.system,
    clientId: row.client_id,
    body: row.body,
    replyTo: row.reply_to,
    createdAt: row.created_at.toISOString(),
    deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
    masked: row.masked,
    warnings: row.warnings as WarningCode[],
    attachments: (row.attachments ?? []).map(toAttachment),
  };
}

/** A stored photo with its unsigned paths; each viewer receives them signed (UrlSigner.signAttachments). */
function toAttachment({ id, width, height, bytes }: StoredAttachment): Attachment {
  return { id, type: 'image', width, height, bytes, url: photoPath(id, 'image'), thumbUrl: photoPath(id, 'thumb') };
}

/** The message a row read with `messageColumns(sql, from, prefix)` holds, or null when none was joined. */
export function toPrefixedMessage<P extends string>(row: PrefixedMessageRow<P>, prefix: P): Message | null {
  const prefixed = row as unknown as Record<string, unknown>;
  if (prefixed[`${prefix}id`] === null) return null;
  const unprefixed: Partial<Record<keyof MessageRow, unknown>> = {};
  for (const column of MESSAGE_COLUMNS) unprefixed[column] = prefixed[prefix + column];
  return toMessage(unprefixed as MessageRow);
}

/**
 * What a deletion clears, as the SET list of an UPDATE of `messages`: the content goes (a column that
 * carries content must be cleared here too; the photos' files go with
 * `UploadsService.removeForMessage`), the row stays as a tombstone that keeps its seq, and
 * `deleted_xid` records the deleting transaction for the sync's deletion cursor.
 */
export function tombstoneAssignments(sql: Sql): SqlFragment {
  return sql`body = '', system = NULL, masked = false, warnings = '{}', attachments = '[]', deleted_at = now(), deleted_xid = pg_current_xact_id()`;
}

/**
 * A message row of `from` as jsonb in the wire `Message` shape (what {@link toMessage} gives), for
 * SQL that writes a message into a stored payload (the `message.created` webhook event). A field
 * added to `toMessage` is added here too (message-row.test.ts compares the two).
 */
export function messageJson(sql: Sql, from = 'm'): SqlFragment {
  const column = (name: keyof MessageRow) => sql(`${from}.${name}`);
  const iso = (name: keyof MessageRow) => sql`to_char(${column(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return sql`jsonb_build_object(
    'id', ${column('id')}, 'conversationId', ${column('conversation_id')}, 'seq', ${column('seq')},
    'kind', ${column('kind')}, 'senderId', ${column('sender_id')}, 'system', ${column('system')}, 'clientId', ${column('client_id')}, 'body', ${column('body')},
    'replyTo', ${column('reply_to')}, 'createdAt', ${iso('created_at')}, 'deletedAt', ${iso('deleted_at')},
    'masked', ${column('masked')}, 'warnings', to_jsonb(${column('warnings')}),
    'attachments', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', a->>'id', 'type', 'image', 'width', a->'width', 'height', a->'height', 'bytes', a->'bytes',
        'url', ${API_PREFIX}::text || '/uploads/' || (a->>'id') || '/image', 'thumbUrl', ${API_PREFIX}::text || '/uploads/' || (a->>'id') || '/thumb'
      ) ORDER BY n), '[]'::jsonb)
      FROM jsonb_array_elements(${column('attachments')}) WITH ORDINALITY AS t(a, n)))`;
}
