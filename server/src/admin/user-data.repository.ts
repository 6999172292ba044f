// SQL for a user's data on request of the site (GDPR): everything stored about them, and its erasure.
import type { Message, MessageDeletedEvent } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Sql } from '../db/sql.ts';
import { messageColumns, type MessageRow, toMessage, tombstoneAssignments } from '../messages/message-row.ts';

/** What Parley holds about one user of a site, photos aside (see the uploads service). */
export interface StoredUserData {
  user: {
    id: string;
    name: string | null;
    picture: string | null;
    email: string | null;
    locale: string | null;
    createdAt: string;
    lastSeenAt: string | null;
    suspendedAt: string | null;
    unsubscribedAt: string | null;
  };
  conversations: Array<{
    id: string;
    role: 'buyer' | 'seller';
    listing: { id: string; title: string | null };
    readSeq: number;
    archived: boolean;
    muted: boolean;
    createdAt: string;
  }>;
  /** The messages they wrote, deleted ones as tombstones. */
  messages: Message[];
  reports: Array<{ id: string; conversationId: string; messageId: string | null; reason: string; createdAt: string }>;
  blocked: Array<{ userId: string; createdAt: string }>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** One user's data, scoped to a site. */
export class UserDataRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Everything stored about the user, or null when the site has no such user. */
  async export({ siteId, userId }: Caller): Promise<StoredUserData | null> {
    const sql = this.#sql;
    const [user] = await sql<
      {
        id: string;
        name: string | null;
        picture: string | null;
        email: string | null;
        locale: string | null;
        created_at: Date;
        last_seen_at: Date | null;
        suspended_at: Date | null;
        unsubscribed_at: Date | null;
      }[]
    >`
      SELECT id, name, picture, email, locale, created_at, last_seen_at, suspended_at, unsubscribed_at
      FROM users WHERE site_id = ${siteId} AND id = ${userId}`;
    if (!user) return null;
    const conversations = await sql<
      {
        id: string;
        role: 'buyer' | 'seller';
        listing_id: string;
        listing_title: string | null;
        read_seq: number;
        archived: boolean;
        muted: boolean;
        created_at: Date;
      }[]
    >`
      SELECT c.id, m.role, c.listing_id, c.listing_title, m.read_seq, m.archived, m.muted, c.created_at
      FROM members m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.site_id = ${siteId} AND m.user_id = ${userId} ORDER BY c.created_at`;
    const messages = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)} FROM messages m WHERE m.site_id = ${siteId} AND m.sender_id = ${userId}
      ORDER BY m.created_at, m.seq`;
    const reports = await sql<
      { id: string; conversation_id: string; message_id: string | null; reason: string; created_at: Date }[]
    >`
      SELECT id, conversation_id, message_id, reason, created_at FROM reports
      WHERE site_id = ${siteId} AND reporter_id = ${userId} ORDER BY created_at`;
    const blocked = await sql<{ blocked_id: string; created_at: Date }[]>`
      SELECT blocked_id, created_at FROM blocks WHERE site_id = ${siteId} AND blocker_id = ${userId} ORDER BY created_at`;
    return {
      user: {
        id: user.id,
        name: user.name,
        picture: user.picture,
        email: user.email,
        locale: user.locale,
        createdAt: user.created_at.toISOString(),
        lastSeenAt: iso(user.last_seen_at),
        suspendedAt: iso(user.suspended_at),
        unsubscribedAt: iso(user.unsubscribed_at),
      },
      conversations: conversations.map((c) => ({
        id: c.id,
        role: c.role,
        listing: { id: c.listing_id, title: c.listing_title },
        readSeq: c.read_seq,
        archived: c.archived,
        muted: c.muted,
        createdAt: c.created_at.toISOString(),
      })),
      messages: messages.map(toMessage),
      reports: reports.map((r) => ({
        id: r.id,
        conversationId: r.conversation_id,
        messageId: r.message_id,
        reason: r.reason,
        createdAt: r.created_at.toISOString(),
      })),
      blocked: blocked.map((b) => ({ userId: b.blocked_id, createdAt: b.created_at.toISOString() })),
    };
  }

  /**
   * Erases the user's own content in one transaction: profile (name, picture, email, language), the
   * text of every message they wrote (each becomes a tombstone, so the other party's numbering and
   * unread counts stay right), the reasons of their reports, their blocks, and the queued or kept
   * emails and webhook deliveries that name them. Null when the site has no such user.
   */
  erase({ siteId, userId }: Caller): Promise<{ tombstones: MessageDeletedEvent[] } | null> {
    return this.#sql.begin(async (tx) => {
      const sql = tx as unknown as Sql;
      const users = await sql`
        UPDATE users SET name = NULL, picture = NULL, email = NULL, locale = NULL,
               unsubscribed_at = coalesce(unsubscribed_at, now())
        WHERE site_id = ${siteId} AND id = ${userId} RETURNING 1`;
      if (users.length === 0) return null;
      const tombstones = await sql<{ id: string; conversation_id: string; seq: number }[]>`
        UPDATE messages SET ${tombstoneAssignments(sql)}
        WHERE site_id = ${siteId} AND sender_id = ${userId} AND deleted_at IS NULL
        RETURNING id, conversation_id, seq`;
      await sql`UPDATE reports SET reason = '' WHERE site_id = ${siteId} AND reporter_id = ${userId}`;
      await sql`DELETE FROM blocks WHERE site_id = ${siteId} AND blocker_id = ${userId}`;
      await sql`
        DELETE FROM notified_positions n USING conversations c
        WHERE c.id = n.conversation_id AND c.site_id = ${siteId} AND n.user_id = ${userId}`;
      // Their digest, and any webhook delivery whose event names them (a message they wrote, a read, a report).
      await sql`
        DELETE FROM jobs
        WHERE (payload->>'siteId' = ${siteId} AND payload->>'userId' = ${userId})
           OR (payload->'event'->>'siteId' = ${siteId} AND position(${JSON.stringify(userId)} IN (payload->'event')::text) > 0)`;
      return {
        tombstones: tombstones.map((t) => ({ conversationId: t.conversation_id, messageId: t.id, seq: t.seq })),
      };
    });
  }
}
