// SQL for conversations and members: creation, the per-viewer view, lists, read positions, unread counts.
import { randomUUID } from 'node:crypto';
import type { Conversation, UnreadCounts } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type postgres from 'postgres';
import type { Sql } from '../db/sql.ts';

/** The listing snapshot a conversation is created with. */
export interface ListingInput {
  id: string;
  title: string | null;
  url: string | null;
  imageUrl: string | null;
  price: string | null;
}

/** Who takes part in a conversation: never changes after creation. */
export interface Participants {
  siteId: string;
  buyerId: string;
  sellerId: string;
}

interface ViewRow {
  viewer_id: string;
  id: string;
  listing_id: string;
  listing_title: string | null;
  listing_url: string | null;
  listing_image_url: string | null;
  listing_price: string | null;
  buyer_id: string;
  buyer_name: string | null;
  buyer_picture: string | null;
  seller_id: string;
  seller_name: string | null;
  seller_picture: string | null;
  last_seq: number;
  activity: number;
  created_at: Date;
  updated_at: Date;
  my_read_seq: number;
  other_read_seq: number;
  other_id: string;
  archived: boolean;
  unread: number;
  lm_id: string | null;
  lm_sender_id: string | null;
  lm_client_id: string | null;
  lm_body: string | null;
  lm_reply_to: string | null;
  lm_created_at: Date | null;
  lm_deleted_at: Date | null;
}

/** Conversation persistence. Every method is scoped to the caller's site and membership. */
export class ConversationsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Creates the conversation (site, listing, buyer) or finds the existing one. */
  async findOrCreate(
    caller: Caller,
    sellerId: string,
    listing: ListingInput,
  ): Promise<{ id: string; sellerId: string; created: boolean }> {
    const { siteId, userId: buyerId } = caller;
    return this.#sql.begin(async (tx) => {
      await tx`INSERT INTO users (site_id, id) VALUES (${siteId}, ${sellerId}) ON CONFLICT DO NOTHING`;
      const id = randomUUID();
      const inserted = await tx<{ id: string }[]>`
        INSERT INTO conversations (id, site_id, listing_id, listing_title, listing_url, listing_image_url, listing_price,
                                   buyer_id, seller_id)
        VALUES (${id}, ${siteId}, ${listing.id}, ${listing.title}, ${listing.url}, ${listing.imageUrl}, ${listing.price},
                ${buyerId}, ${sellerId})
        ON CONFLICT (site_id, listing_id, buyer_id) DO NOTHING
        RETURNING id`;
      if (inserted.length > 0) {
        await tx`
          INSERT INTO members (conversation_id, site_id, user_id, role)
          VALUES (${id}, ${siteId}, ${buyerId}, 'buyer'), (${id}, ${siteId}, ${sellerId}, 'seller')`;
        return { id, sellerId, created: true };
      }
      const [existing] = await tx<{ id: string; seller_id: string }[]>`
        SELECT id, seller_id FROM conversations
        WHERE site_id = ${siteId} AND listing_id = ${listing.id} AND buyer_id = ${buyerId}`;
      // Contacting the seller again brings a conversation the buyer had hidden back into the list.
      await tx`UPDATE members SET archived = false WHERE conversation_id = ${existing!.id} AND user_id = ${buyerId}`;
      return { id: existing!.id, sellerId: existing!.seller_id, created: false };
    });
  }

  /** The participants of a conversation of this site, or null. */
  async participants(siteId: string, conversationId: string): Promise<Participants | null> {
    const [row] = await this.#sql<{ buyer_id: string; seller_id: string }[]>`
      SELECT buyer_id, seller_id FROM conversations WHERE id = ${conversationId} AND site_id = ${siteId}`;
    return row ? { siteId, buyerId: row.buyer_id, sellerId: row.seller_id } : null;
  }

  /** One conversation as `viewer` sees it, or null when it does not exist or they are not a member. */
  async view(viewer: Caller, conversationId: string): Promise<Conversation | null> {
    const rows = await this.#viewQuery(viewer, this.#sql`AND c.id = ${conversationId}`, 1);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /** Several conversations as `viewer` sees them (unknown or foreign ids are left out). */
  async viewMany(viewer: Caller, conversationIds: string[]): Promise<Conversation[]> {
    if (conversationIds.length === 0) return [];
    const rows = await this.#viewQuery(viewer, this.#sql`AND c.id = ANY(${conversationIds})`, conversationIds.length);
    return rows.map(toConversation);
  }

  /**
   * The viewer's conversations, newest activity first, archived left out. A seller does not see a
   * conversation before its first message.
   */
  async list(
    viewer: Caller,
    {
      before,
      limit,
      exclude = [],
      listingId = null,
    }: { before: number | null; limit: number; exclude?: string[]; listingId?: string | null },
  ): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
    const sql = this.#sql;
    const filter = sql`
      AND NOT me.archived AND (c.last_seq > 0 OR me.role = 'buyer')
      ${before !== null ? sql`AND c.activity < ${before}` : sql``}
      ${exclude.length ? sql`AND c.id <> ALL(${exclude})` : sql``}
      ${listingId !== null ? sql`AND c.listing_id = ${listingId}` : sql``}`;
    const rows = await this.#viewQuery(viewer, filter, limit + 1);
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(page[page.length - 1]!.activity) : null;
    return { conversations: page.map(toConversation), nextCursor };
  }

  /**
   * Each member's own view of `userId`'s conversations updated since `since`, the `limit` most
   * recently active ones (for pushing a changed profile). A seller is left out of a conversation
   * without messages, which they do not see yet.
   */
  async memberViews(
    siteId: string,
    userId: string,
    { since, limit }: { since: Date; limit: number },
  ): Promise<Array<{ viewerId: string; conversation: Conversation }>> {
    const sql = this.#sql;
    const rows = await this.#views(
      sql`me.site_id = ${siteId} AND (c.last_seq > 0 OR me.role = 'buyer') AND me.conversation_id IN (
            SELECT rc.id FROM members rm JOIN conversations rc ON rc.id = rm.conversation_id
            WHERE rm.site_id = ${siteId} AND rm.user_id = ${userId} AND rc.updated_at >= ${since}
            ORDER BY rc.activity DESC LIMIT ${limit})`,
      limit * 2,
    );
    return rows.map((r) => ({ viewerId: r.viewer_id, conversation: toConversation(r) }));
  }

  #viewQuery(viewer: Caller, filter: postgres.PendingQuery<postgres.Row[]>, limit: number) {
    return this.#views(this.#sql`me.site_id = ${viewer.siteId} AND me.user_id = ${viewer.userId} ${filter}`, limit);
  }

  /** Conversation views: one row per member row `me` matching `where`, as that member sees it. */
  #views(where: postgres.PendingQuery<postgres.Row[]>, limit: number) {
    const sql = this.#sql;
    return sql<ViewRow[]>`
      SELECT me.user_id AS viewer_id, c.id, c.listing_id, c.listing_title, c.listing_url, c.listing_image_url, c.listing_price,
             c.buyer_id, b.name AS buyer_name, b.picture AS buyer_picture,
             c.seller_id, s.name AS seller_name, s.picture AS seller_picture,
             c.last_seq, c.activity, c.created_at, c.updated_at,
             me.read_seq AS my_read_seq, me.archived, other.read_seq AS other_read_seq, other.user_id AS other_id,
             (SELECT count(*)::int FROM messages x
               WHERE x.conversation_id = c.id AND x.seq > me.read_seq AND x.sender_id <> me.user_id
                 AND x.deleted_at IS NULL) AS unread,
             lm.id AS lm_id, lm.sender_id AS lm_sender_id, lm.client_id AS lm_client_id, lm.body AS lm_body,
             lm.reply_to AS lm_reply_to, lm.created_at AS lm_created_at, lm.deleted_at AS lm_deleted_at
      FROM members me
      JOIN conversations c ON c.id = me.conversation_id
      JOIN members other ON other.conversation_id = c.id AND other.user_id <> me.user_id
      JOIN users b ON b.site_id = c.site_id AND b.id = c.buyer_id
      JOIN users s ON s.site_id = c.site_id AND s.id = c.seller_id
      LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = c.last_seq
      WHERE ${where}
      ORDER BY c.activity DESC
      LIMIT ${limit}`;
  }

  /** Hides a conversation for the caller only; false when they are not a member. */
  async archive(caller: Caller, conversationId: string): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE members SET archived = true
      WHERE conversation_id = ${conversationId} AND site_id = ${caller.siteId} AND user_id = ${caller.userId}
      RETURNING 1`;
    return rows.length > 0;
  }

  /**
   * Moves the caller's read position forward to `seq` (capped at the last message). Returns null when
   * they are not a member, else the new position and whether it moved.
   */
  async markRead(caller: Caller, conversationId: string, seq: number): Promise<{ readSeq: number; moved: boolean } | null> {
    const [row] = await this.#sql<{ before: number; after: number }[]>`
      WITH target AS (
        SELECT me.read_seq AS before, GREATEST(me.read_seq, LEAST(${seq}::int, c.last_seq)) AS after
        FROM members me JOIN conversations c ON c.id = me.conversation_id
        WHERE me.conversation_id = ${conversationId} AND me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId}
      ), upd AS (
        UPDATE members m SET read_seq = target.after FROM target
        WHERE m.conversation_id = ${conversationId} AND m.user_id = ${caller.userId} AND target.after > m.read_seq
        RETURNING m.read_seq
      )
      SELECT before, after FROM target`;
    if (!row) return null;
    return { readSeq: row.after, moved: row.after > row.before };
  }

  /** The caller's unread counts; conversations with nothing unread and archived ones are left out. */
  async unread(caller: Caller): Promise<UnreadCounts> {
    const rows = await this.#sql<{ conversation_id: string; n: number }[]>`
      SELECT me.conversation_id, count(*)::int AS n
      FROM members me
      JOIN messages x ON x.conversation_id = me.conversation_id AND x.seq > me.read_seq
                     AND x.sender_id <> me.user_id AND x.deleted_at IS NULL
      WHERE me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId} AND NOT me.archived
      GROUP BY me.conversation_id`;
    const conversations: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      conversations[r.conversation_id] = r.n;
      total += r.n;
    }
    return { total, conversations };
  }

  /** Unread counts of several users in one query, in the order asked (see {@link unread}). */
  async unreadMany(users: readonly Caller[]): Promise<UnreadCounts[]> {
    if (users.length === 1) return [await this.unread(users[0]!)];
    // LATERAL: each user's rows come from the index, whatever the planner guesses about the array.
    const rows = await this.#sql<{ ord: number; conversation_id: string; n: number }[]>`
      SELECT k.ord::int AS ord, u.conversation_id, u.n
      FROM unnest(${users.map((u) => u.siteId)}::text[], ${users.map((u) => u.userId)}::text[]) WITH ORDINALITY AS k(site_id, user_id, ord)
      CROSS JOIN LATERAL (
        SELECT me.conversation_id, count(*)::int AS n
        FROM members me
        JOIN messages x ON x.conversation_id = me.conversation_id AND x.seq > me.read_seq
                       AND x.sender_id <> me.user_id AND x.deleted_at IS NULL
        WHERE me.site_id = k.site_id AND me.user_id = k.user_id AND NOT me.archived
        GROUP BY me.conversation_id
      ) u`;
    const counts = users.map((): UnreadCounts => ({ total: 0, conversations: {} }));
    for (const r of rows) {
      const c = counts[r.ord - 1]!;
      c.conversations[r.conversation_id] = r.n;
      c.total += r.n;
    }
    return counts;
  }

  /** Everyone the user shares a conversation with, most recent first. */
  async counterparts(caller: Caller, limit = 500): Promise<string[]> {
    const rows = await this.#sql<{ user_id: string }[]>`
      SELECT other.user_id, max(c.activity) AS a
      FROM members me
      JOIN conversations c ON c.id = me.conversation_id
      JOIN members other ON other.conversation_id = me.conversation_id AND other.user_id <> me.user_id
      WHERE me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId}
      GROUP BY other.user_id ORDER BY a DESC LIMIT ${limit}`;
    return rows.map((r) => r.user_id);
  }
}

function toConversation(r: ViewRow): Conversation {
  const viewerId = r.other_id === r.buyer_id ? r.seller_id : r.buyer_id;
  return {
    id: r.id,
    listing: {
      id: r.listing_id,
      title: r.listing_title,
      url: r.listing_url,
      imageUrl: r.listing_image_url,
      price: r.listing_price,
    },
    buyer: { id: r.buyer_id, name: r.buyer_name, picture: r.buyer_picture },
    seller: { id: r.seller_id, name: r.seller_name, picture: r.seller_picture },
    lastSeq: r.last_seq,
    lastMessage:
      r.lm_id === null
        ? null
        : {
            id: r.lm_id,
            conversationId: r.id,
            seq: r.last_seq,
            senderId: r.lm_sender_id!,
            clientId: r.lm_client_id!,
            body: r.lm_body!,
            replyTo: r.lm_reply_to,
            createdAt: r.lm_created_at!.toISOString(),
            deletedAt: r.lm_deleted_at ? r.lm_deleted_at.toISOString() : null,
          },
    unread: r.unread,
    readSeq: { [viewerId]: r.my_read_seq, [r.other_id]: r.other_read_seq },
    archived: r.archived,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
