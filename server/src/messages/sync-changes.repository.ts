// SQL for cursor syncs: a user's member rows changed since a cursor, and those conversations' new messages and deletions.
import type { Message, MessageDeletedEvent } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import type { ChangeCursor } from './change-cursor.ts';
import { formatSnapshot } from './deletion-cursor.ts';
import { messageColumns, type MessageRow, toMessage } from './message-row.ts';

/** One change of the caller's conversations, in (xid, conversationId) order. */
export interface Change {
  conversationId: string;
  xid: bigint;
  /** The caller's member row went: the conversation is not theirs any more. */
  gone: boolean;
}

/** The seqs of a conversation's messages stored since a cursor (the newest ones, contiguous). */
export interface NewRange {
  conversationId: string;
  first: number;
  last: number;
}

/** Reads for `sync` with a change cursor; each follows what changed, never how many conversations the caller has. */
export class SyncChangesRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * The statement's own snapshot and the caller's first `limit + 1` changes it shows that `since`
   * does not: member rows stamped, and member rows removed. One statement, so the changes read are
   * exactly those the snapshot shows as committed. An index range from the cursor's xmin on (site,
   * user, xid): the rows before it are never read.
   */
  async changedSince(caller: Caller, since: ChangeCursor, limit: number): Promise<{ snapshot: string; changes: Change[] }> {
    const sql = this.#sql;
    const snapshot = formatSnapshot(since.snapshot);
    const { tie } = since;
    const after = (xid: string, id: string) => sql`
      ${sql(xid)} >= ${String(since.snapshot.xmin)}::xid8 AND NOT pg_visible_in_snapshot(${sql(xid)}, ${snapshot}::pg_snapshot)
      ${tie ? sql`AND NOT (${sql(xid)} = ${String(tie.xid)}::xid8 AND ${sql(id)} <= ${tie.conversationId})` : sql``}`;
    const rows = await sql<{ snapshot: string; conversation_id: string | null; xid: string | null; gone: boolean | null }[]>`
      SELECT pg_current_snapshot()::text AS snapshot, r.conversation_id, r.xid::text AS xid, r.gone
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT * FROM (
          (SELECT conversation_id, change_xid AS xid, false AS gone FROM members
           WHERE site_id = ${caller.siteId} AND user_id = ${caller.userId} AND ${after('change_xid', 'conversation_id')}
           ORDER BY change_xid, conversation_id LIMIT ${limit + 1})
          UNION ALL
          (SELECT conversation_id, removed_xid, true FROM member_removals
           WHERE site_id = ${caller.siteId} AND user_id = ${caller.userId} AND ${after('removed_xid', 'conversation_id')}
           ORDER BY removed_xid, conversation_id LIMIT ${limit + 1})
        ) AS u ORDER BY xid, conversation_id LIMIT ${limit + 1}
      ) AS r ON true`;
    const changes = rows
      .filter((r) => r.conversation_id !== null)
      .map((r) => ({ conversationId: r.conversation_id!, xid: BigInt(r.xid!), gone: r.gone! }));
    return { snapshot: rows[0]!.snapshot, changes };
  }

  /**
   * Per conversation, the messages stored since `snapshot` showed them (at most `limit`, the newest):
   * seq order is commit order within a conversation, so they are the last ones, and a walk back from
   * last_seq stops at the first one the snapshot shows. One index probe per message sent, plus one.
   */
  async newRanges(ids: string[], snapshot: string, limit: number): Promise<NewRange[]> {
    if (ids.length === 0) return [];
    const sql = this.#sql;
    const fresh = (x: string) =>
      sql`${sql(x)}.created_xid IS NOT NULL AND NOT pg_visible_in_snapshot(${sql(x)}.created_xid, ${snapshot}::pg_snapshot)`;
    const rows = await sql<{ conversation_id: string; first: number; last: number }[]>`
      WITH RECURSIVE walk AS (
        SELECT c.id AS conversation_id, c.last_seq AS seq, 1 AS n
        FROM unnest(${ids}::text[]) AS k(id)
        JOIN conversations c ON c.id = k.id
        JOIN messages x ON x.conversation_id = c.id AND x.seq = c.last_seq
        WHERE ${fresh('x')}
        UNION ALL
        SELECT w.conversation_id, w.seq - 1, w.n + 1
        FROM walk w JOIN messages x ON x.conversation_id = w.conversation_id AND x.seq = w.seq - 1
        WHERE w.n < ${limit} AND ${fresh('x')}
      )
      SELECT conversation_id, min(seq)::int AS first, max(seq)::int AS last FROM walk GROUP BY conversation_id`;
    return rows.map((r) => ({ conversationId: r.conversation_id, first: r.first, last: r.last }));
  }

  /** The messages of each range, in (conversation, seq) order. */
  async inRanges(ranges: NewRange[]): Promise<Message[]> {
    if (ranges.length === 0) return [];
    const sql = this.#sql;
    const rows = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)}
      FROM unnest(${ranges.map((r) => r.conversationId)}::text[], ${ranges.map((r) => r.first)}::int[],
                  ${ranges.map((r) => r.last)}::int[]) AS k(id, first, last)
      JOIN messages m ON m.conversation_id = k.id AND m.seq BETWEEN k.first AND k.last
      ORDER BY k.id, m.seq`;
    return rows.map(toMessage);
  }

  /**
   * Per conversation, the deletions `snapshot` did not show as committed, at most `limit + 1` each
   * (more than `limit`: too many to list). An index range on (conversation, deleting transaction).
   */
  async deletionsSince(ids: string[], snapshot: string, xmin: bigint, limit: number): Promise<MessageDeletedEvent[]> {
    if (ids.length === 0) return [];
    const sql = this.#sql;
    const rows = await sql<{ id: string; conversation_id: string; seq: number }[]>`
      SELECT d.id, d.conversation_id, d.seq
      FROM unnest(${ids}::text[]) AS k(id)
      CROSS JOIN LATERAL (
        SELECT x.id, x.conversation_id, x.seq FROM messages x
        WHERE x.conversation_id = k.id AND x.deleted_xid >= ${String(xmin)}::xid8
          AND NOT pg_visible_in_snapshot(x.deleted_xid, ${snapshot}::pg_snapshot)
        ORDER BY x.deleted_xid LIMIT ${limit + 1}
      ) AS d
      ORDER BY d.conversation_id, d.seq`;
    return rows.map((r) => ({ conversationId: r.conversation_id, messageId: r.id, seq: r.seq }));
  }
}
