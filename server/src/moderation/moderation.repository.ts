// SQL for blocks and reports.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';

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
  async report(caller: Caller, input: { conversationId: string; messageId: string | null; reason: string }): Promise<string | null> {
    const id = randomUUID();
    const rows = await this.#sql`
      INSERT INTO reports (id, site_id, reporter_id, conversation_id, message_id, reason)
      SELECT ${id}, c.site_id, ${caller.userId}, c.id, ${input.messageId}, ${input.reason}
      FROM conversations c
      WHERE c.id = ${input.conversationId} AND c.site_id = ${caller.siteId}
        AND (c.buyer_id = ${caller.userId} OR c.seller_id = ${caller.userId})
        AND (${input.messageId}::text IS NULL OR EXISTS (
          SELECT 1 FROM messages m WHERE m.id = ${input.messageId}::text AND m.conversation_id = c.id))
      RETURNING id`;
    return rows.length ? id : null;
  }
}
