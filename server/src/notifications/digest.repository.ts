// SQL of the email digest: a recipient's messages that are unread and not emailed yet, and what a digest covered.
import { isUnreadBy } from '../conversations/unread-rule.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import type { Tx } from '../jobs/jobs.repository.ts';

/** One unread message not yet covered by a digest, with what the email says about its conversation. */
export interface UnnotifiedMessage {
  conversationId: string;
  listingTitle: string | null;
  seq: number;
  body: string;
  createdAt: Date;
  senderName: string | null;
}

interface UnnotifiedRow {
  conversation_id: string;
  listing_title: string | null;
  seq: number;
  body: string;
  created_at: Date;
  sender_name: string | null;
}

/** Messages read by one digest at most; the rest wait for the next one. */
export const DIGEST_MAX_MESSAGES = 1000;

/**
 * What the digest counts, for the member row `me` and message `x`: unread under the rule the unread
 * counts use ({@link isUnreadBy}, archived conversations left out as they are there), past what a
 * digest already covered, in a conversation the member has not muted, from a sender they have not
 * blocked. Expects `np` to be the member's notified position (left joined).
 */
function awaitingDigest(sql: Sql): SqlFragment {
  return sql`${isUnreadBy(sql, 'me', 'x')} AND x.seq > COALESCE(np.seq, 0)
    AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.site_id = me.site_id AND b.blocker_id = me.user_id AND b.blocked_id = x.sender_id)`;
}

/** A user's member rows that can receive digests (`me`), and their notified positions (`np`). */
function digestMembers(sql: Sql): SqlFragment {
  return sql`members me
    LEFT JOIN notified_positions np ON np.conversation_id = me.conversation_id AND np.user_id = me.user_id`;
}

/** The condition on {@link digestMembers}: this user's, not muted, not archived. */
function isDigestMember(sql: Sql, siteId: string, userId: string): SqlFragment {
  return sql`me.site_id = ${siteId} AND me.user_id = ${userId} AND NOT me.muted AND NOT me.archived`;
}

/** Reads what a digest covers and records it. */
export class DigestRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The user's messages awaiting a digest, most recently active conversation first, oldest message first within each. */
  async unnotified(siteId: string, userId: string): Promise<UnnotifiedMessage[]> {
    const sql = this.#sql;
    const rows = await sql<UnnotifiedRow[]>`
      SELECT c.id AS conversation_id, c.listing_title, x.seq, x.body, x.created_at, su.name AS sender_name
      FROM ${digestMembers(sql)}
      JOIN LATERAL (SELECT * FROM messages x WHERE ${awaitingDigest(sql)} ORDER BY x.seq LIMIT ${DIGEST_MAX_MESSAGES}) x ON true
      JOIN conversations c ON c.id = me.conversation_id
      LEFT JOIN users su ON su.site_id = x.site_id AND su.id = x.sender_id
      WHERE ${isDigestMember(sql, siteId, userId)}
      ORDER BY c.activity DESC, x.seq
      LIMIT ${DIGEST_MAX_MESSAGES}`;
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      listingTitle: r.listing_title,
      seq: r.seq,
      body: r.body,
      createdAt: r.created_at,
      senderName: r.sender_name,
    }));
  }

  /** Records that a digest covered each conversation up to its seq (positions only move forward). */
  async markNotified(tx: Tx, userId: string, positions: Map<string, number>): Promise<void> {
    if (positions.size === 0) return;
    await tx`
      INSERT INTO notified_positions (conversation_id, user_id, seq)
      SELECT id, ${userId}, seq FROM unnest(${[...positions.keys()]}::text[], ${[...positions.values()]}::int[]) AS p(id, seq)
      ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = GREATEST(notified_positions.seq, EXCLUDED.seq)`;
  }

  /** True when a message still awaits a digest (after {@link markNotified}: one that arrived meanwhile). */
  async anyAwaiting(tx: Tx, siteId: string, userId: string): Promise<boolean> {
    const sql = tx as unknown as Sql;
    const rows = await tx`
      SELECT 1 FROM ${digestMembers(sql)}
      WHERE ${isDigestMember(sql, siteId, userId)}
        AND EXISTS (SELECT 1 FROM messages x WHERE ${awaitingDigest(sql)})
      LIMIT 1`;
    return rows.length > 0;
  }

  /** Each conversation's unread count under the unread rule (for the `user.unread` event). */
  async unreadCounts(tx: Tx, siteId: string, userId: string, conversationIds: string[]): Promise<Map<string, number>> {
    const sql = tx as unknown as Sql;
    const rows = await tx<{ conversation_id: string; unread: number }[]>`
      SELECT me.conversation_id, count(*)::int AS unread
      FROM members me JOIN messages x ON ${isUnreadBy(sql, 'me', 'x')}
      WHERE me.site_id = ${siteId} AND me.user_id = ${userId} AND me.conversation_id = ANY(${conversationIds}::text[])
      GROUP BY me.conversation_id`;
    return new Map(rows.map((r) => [r.conversation_id, r.unread]));
  }
}
