// SQL for blocks and reports.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import { webhookEventCtes } from '../webhooks/webhook-events.ts';

/** Block and report persistence, scoped to the caller's site. */
export class ModerationRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async block(caller: Caller, userId: string): Promise<void> {
    await this.#sql`
      INSERT INTO blocks (site_id, blocker_id, blocked_id) VALUES (${caller.siteId}, ${caller.userId}, ${userId})
      ON CONFLICT DO NOTHING`;
  }

  async unblock(caller: Caller, userId: string): Promise<void> {
    await this.#sql`
      DELETE FROM blocks WHERE site_id = ${caller.siteId} AND blocker_id = ${caller.userId} AND blocked_id = ${userId}`;
  }

  /** Stores a report; null when the conversation (or the message in it) is not visible to the caller. */
  async report(
    caller: Caller,
    input: { conversationId: string; messageId: string | null; reason: string },
  ): Promise<string | null> {
    const id = randomUUID();
    const sql = this.#sql;
    const rows = await sql`
      WITH report AS (
        INSERT INTO reports (id, site_id, reporter_id, conversation_id, message_id, reason, reported_id)
        SELECT ${id}, c.site_id, ${caller.userId}, c.id, ${input.messageId}, ${input.reason},
               CASE WHEN c.buyer_id = ${caller.userId} THEN c.seller_id ELSE c.buyer_id END
        FROM conversations c
        WHERE c.id = ${input.conversationId} AND c.site_id = ${caller.siteId}
          AND (c.buyer_id = ${caller.userId} OR c.seller_id = ${caller.userId})
          AND (${input.messageId}::text IS NULL OR EXISTS (
            SELECT 1 FROM messages m WHERE m.id = ${input.messageId}::text AND m.conversation_id = c.id))
        RETURNING id, site_id, reporter_id, reported_id, conversation_id, message_id, reason
      ) ${webhookEventCtes(sql, {
        name: 'report_webhooks',
        type: 'report.created',
        from: 'report',
        siteId: sql`report.site_id`,
        data: sql`jsonb_build_object('reportId', report.id, 'conversationId', report.conversation_id,
                                     'messageId', report.message_id, 'reporterId', report.reporter_id,
                                     'reportedId', report.reported_id, 'reason', report.reason)`,
      })}
      SELECT id FROM report`;
    return rows.length ? id : null;
  }

  /** How many distinct users filed reports about `userId` that no moderator has decided on yet. */
  async openReporters(siteId: string, userId: string): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`
      SELECT count(DISTINCT reporter_id)::int AS n FROM reports
      WHERE site_id = ${siteId} AND reported_id = ${userId} AND resolved_at IS NULL`;
    return row?.n ?? 0;
  }

  /** A moderator decided about `userId`: their open reports are closed (and the limits they caused lifted). Returns how many. */
  async resolveReports(siteId: string, userId: string): Promise<number> {
    const rows = await this.#sql`
      UPDATE reports SET resolved_at = now()
      WHERE site_id = ${siteId} AND reported_id = ${userId} AND resolved_at IS NULL
      RETURNING 1`;
    return rows.length;
  }
}
