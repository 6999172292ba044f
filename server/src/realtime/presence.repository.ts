// Who may see whose presence: only counterparts who have written in a conversation both take part in.
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';

/** A user's presence relations, each list most recently active first. */
export interface PresenceCircle {
  /** Who may see this user's presence: the other members of conversations this user has written in. */
  watchers: string[];
  /** Whose presence this user may see: counterparts who have written in a conversation with them. */
  watched: string[];
}

/**
 * The presence rule's queries. Opening a conversation with someone gives nothing: user X sees user
 * Y's presence only once Y has written in a conversation they share (members.has_written).
 */
export class PresenceRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * Both sides of the user's presence relations, over their `limit` most recently active
   * counterparts with a relation either way. One query through members_by_user and the members key.
   */
  async circle(user: Caller, limit = 500): Promise<PresenceCircle> {
    const rows = await this.#sql<{ user_id: string; watches_me: boolean; watched: boolean }[]>`
      SELECT other.user_id, bool_or(me.has_written) AS watches_me, bool_or(other.has_written) AS watched,
             max(c.activity) AS a
      FROM members me
      JOIN members other ON other.conversation_id = me.conversation_id AND other.user_id <> me.user_id
      JOIN conversations c ON c.id = me.conversation_id
      WHERE me.site_id = ${user.siteId} AND me.user_id = ${user.userId} AND (me.has_written OR other.has_written)
      GROUP BY other.user_id ORDER BY a DESC LIMIT ${limit}`;
    return {
      watchers: rows.filter((r) => r.watches_me).map((r) => r.user_id),
      watched: rows.filter((r) => r.watched).map((r) => r.user_id),
    };
  }
}
