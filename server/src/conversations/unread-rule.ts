// What "unread" means, in one place: every count of unread messages (the unread counts, each conversation's own) uses it.
import type { Sql, SqlFragment } from '../db/sql.ts';

/**
 * The condition "the message `message` is unread by the member row `member`": in their conversation,
 * past their read position, from the other party, and not deleted.
 */
export function isUnreadBy(sql: Sql, member = 'me', message = 'x'): SqlFragment {
  const memberColumn = (name: string) => sql(`${member}.${name}`);
  const messageColumn = (name: string) => sql(`${message}.${name}`);
  return sql`${messageColumn('conversation_id')} = ${memberColumn('conversation_id')}
    AND ${messageColumn('seq')} > ${memberColumn('read_seq')}
    AND ${messageColumn('sender_id')} <> ${memberColumn('user_id')}
    AND ${messageColumn('deleted_at')} IS NULL`;
}
