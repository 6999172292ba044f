// System messages: notes the site posts into conversations (a listing's new status, a text), stored and pushed like any message.
import type { Message, SystemContent } from '../../../protocol/index.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { messageColumns, type MessageRow, toMessage } from './message-row.ts';

/**
 * Posts one system message into each conversation of `siteId` matching `where` (a condition on the
 * conversation `c`), under the same row lock and seq rule as a user's send, in the transaction `sql`
 * belongs to. A system message has no sender, so it never counts as unread (see unread-rule.ts) and
 * brings no archived conversation back.
 */
export async function insertSystemMessages(
  sql: Sql,
  siteId: string,
  where: SqlFragment,
  content: SystemContent,
): Promise<Message[]> {
  const rows = await sql<MessageRow[]>`
    WITH conv AS (
      UPDATE conversations c
      SET last_seq = c.last_seq + 1, updated_at = now(), activity = nextval('conversation_activity')
      WHERE c.site_id = ${siteId} AND ${where}
      RETURNING c.id, c.last_seq, c.updated_at
    ), msg AS (
      INSERT INTO messages (id, site_id, conversation_id, seq, kind, sender_id, system, client_id, body, created_at)
      SELECT gen_random_uuid()::text, ${siteId}, conv.id, conv.last_seq, 'system', NULL, ${sql.json(content)},
             'system-' || gen_random_uuid()::text, '', conv.updated_at
      FROM conv
      RETURNING *
    )
    SELECT ${messageColumns(sql, 'msg')} FROM msg`;
  return rows.map(toMessage);
}
