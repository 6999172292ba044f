// SQL for the site's moderators: the reports users filed, with their context, and what was done with them.
import type { Message } from '../../../protocol/index.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { messageColumns, type MessageRow, toMessage } from '../messages/message-row.ts';

/** What a moderator may do with a report. */
export type ReportAction = 'dismiss' | 'delete_message' | 'suspend_user';

/** A report as moderators see it: the reported message and its neighbours for context. */
export interface ReportView {
  id: string;
  reporterId: string;
  /** The user the report is about: the reported message's sender, or the reporter's counterpart. */
  reportedUserId: string;
  conversationId: string;
  messageId: string | null;
  reason: string;
  createdAt: string;
  status: 'open' | 'resolved';
  resolution: ReportAction | null;
  /** The reported message and up to {@link CONTEXT} messages each side of it (the last ones without a message). */
  context: Message[];
}

/** Messages shown each side of the reported one. */
const CONTEXT = 3;

interface ReportRow {
  id: string;
  reporter_id: string;
  reported_id: string;
  conversation_id: string;
  message_id: string | null;
  reason: string;
  created_at: Date;
  resolved_at: Date | null;
  resolution: ReportAction | null;
  seq: number | null;
  last_seq: number;
}

/** Reports of one site, for its moderators. */
export class ReportsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Reports of `siteId`, oldest first (a queue), open or resolved, with their context. */
  async list(siteId: string, status: 'open' | 'resolved', limit: number): Promise<ReportView[]> {
    const open = status === 'open';
    const rows = await this.#reports(siteId, this.#sql`AND (r.resolved_at IS NULL) = ${open}`, limit);
    return Promise.all(rows.map((row) => this.#withContext(row)));
  }

  /** One report of the site, or null. */
  async get(siteId: string, id: string): Promise<ReportView | null> {
    const [row] = await this.#reports(siteId, this.#sql`AND r.id = ${id}`, 1);
    return row ? this.#withContext(row) : null;
  }

  /** Marks a report resolved with what was done; false when it does not exist or was already resolved. */
  async resolve(siteId: string, id: string, action: ReportAction): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE reports SET resolved_at = now(), resolution = ${action}
      WHERE site_id = ${siteId} AND id = ${id} AND resolved_at IS NULL RETURNING 1`;
    return rows.length > 0;
  }

  #reports(siteId: string, where: SqlFragment, limit: number) {
    return this.#sql<ReportRow[]>`
      SELECT r.id, r.reporter_id, r.conversation_id, r.message_id, r.reason, r.created_at, r.resolved_at, r.resolution,
             m.seq, c.last_seq,
             coalesce(m.sender_id, CASE WHEN c.buyer_id = r.reporter_id THEN c.seller_id ELSE c.buyer_id END) AS reported_id
      FROM reports r
      JOIN conversations c ON c.id = r.conversation_id
      LEFT JOIN messages m ON m.id = r.message_id
      WHERE r.site_id = ${siteId} ${where}
      ORDER BY r.created_at, r.id
      LIMIT ${limit}`;
  }

  async #withContext(row: ReportRow): Promise<ReportView> {
    const sql = this.#sql;
    const around = row.seq ?? row.last_seq;
    const context = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)} FROM messages m
      WHERE m.conversation_id = ${row.conversation_id} AND m.seq BETWEEN ${around - CONTEXT} AND ${around + CONTEXT}
      ORDER BY m.seq`;
    return {
      id: row.id,
      reporterId: row.reporter_id,
      reportedUserId: row.reported_id,
      conversationId: row.conversation_id,
      messageId: row.message_id,
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
      status: row.resolved_at ? 'resolved' : 'open',
      resolution: row.resolution,
      context: context.map(toMessage),
    };
  }
}
