// SQL for conversations and members: creation, the per-viewer view, lists, read positions, unread counts.
import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationFilter, ListingCount, ListingStatus, UnreadCounts } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { selectViews, toConversation } from './conversation-view.ts';
import { enqueueWebhookEvent, webhookEventCtes } from '../webhooks/webhook-events.ts';
import { isUnreadBy } from './unread-rule.ts';

/** The listing snapshot a conversation is created with. */
export interface ListingInput {
  id: string;
  title: string | null;
  url: string | null;
  imageUrl: string | null;
  price: string | null;
  /** The registered listing's status (null when the site's server never registered it). */
  status?: ListingStatus | null;
}

/** Who takes part in a conversation: never changes after creation. */
export interface Participants {
  siteId: string;
  buyerId: string;
  sellerId: string;
}

/** Listings counted by {@link ConversationsRepository.listingCounts} at most (a seller's busiest ones). */
const LISTING_COUNTS_MAX = 500;

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
                                   listing_status, buyer_id, seller_id)
        VALUES (${id}, ${siteId}, ${listing.id}, ${listing.title}, ${listing.url}, ${listing.imageUrl}, ${listing.price},
                ${listing.status ?? null}, ${buyerId}, ${sellerId})
        ON CONFLICT (site_id, listing_id, buyer_id) DO NOTHING
        RETURNING id`;
      if (inserted.length > 0) {
        await tx`
          INSERT INTO members (conversation_id, site_id, user_id, role)
          VALUES (${id}, ${siteId}, ${buyerId}, 'buyer'), (${id}, ${siteId}, ${sellerId}, 'seller')`;
        await enqueueWebhookEvent(tx, {
          siteId,
          type: 'conversation.created',
          data: { conversationId: id, listing, buyerId, sellerId },
        });
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

  /** True when the caller, as buyer, already has a conversation about this listing. */
  async exists(caller: Caller, listingId: string): Promise<boolean> {
    const rows = await this.#sql`
      SELECT 1 FROM conversations WHERE site_id = ${caller.siteId} AND listing_id = ${listingId} AND buyer_id = ${caller.userId}`;
    return rows.length > 0;
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

  /**
   * Several conversations as `viewer` sees them (unknown or foreign ids are left out). The ids drive
   * the query (one primary-key probe of the viewer's member row each): `c.id = ANY(ids)` made it a
   * scan of every conversation, each checked against the whole list.
   */
  async viewMany(viewer: Caller, conversationIds: string[]): Promise<Conversation[]> {
    if (conversationIds.length === 0) return [];
    const filter = this.#sql`AND me.conversation_id IN (SELECT unnest(${conversationIds}::text[]))`;
    const rows = await this.#viewQuery(viewer, filter, conversationIds.length);
    return rows.map(toConversation);
  }

  /**
   * The viewer's conversations, newest activity first: `all` leaves archived ones out, `unread` keeps
   * those with an unread message (the one unread rule), `archived` only archived ones. A seller does
   * not see a conversation before its first message.
   */
  async list(
    viewer: Caller,
    {
      before,
      limit,
      exclude = [],
      listingId = null,
      filter: which = 'all',
    }: {
      before: number | null;
      limit: number;
      exclude?: string[];
      listingId?: string | null;
      filter?: ConversationFilter;
    },
  ): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
    const sql = this.#sql;
    const filter = sql`
      AND ${which === 'archived' ? sql`me.archived` : sql`NOT me.archived`} AND (c.last_seq > 0 OR me.role = 'buyer')
      ${which === 'unread' ? sql`AND EXISTS (SELECT 1 FROM messages x WHERE ${isUnreadBy(sql, 'me', 'x')})` : sql``}
      ${before !== null ? sql`AND c.activity < ${before}` : sql``}
      ${exclude.length ? sql`AND c.id <> ALL(${exclude})` : sql``}
      ${listingId !== null ? sql`AND c.listing_id = ${listingId}` : sql``}`;
    const rows = await this.#viewQuery(viewer, filter, limit + 1);
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(page[page.length - 1]!.activity) : null;
    return { conversations: page.map(toConversation), nextCursor };
  }

  /**
   * How many of the viewer's conversations as a seller are about each listing (archived ones left
   * out, as in the list), and how many of those have something unread; most conversations first.
   */
  async listingCounts(viewer: Caller): Promise<ListingCount[]> {
    const sql = this.#sql;
    const rows = await sql<ListingCount[]>`
      SELECT c.listing_id AS "listingId", (array_agg(c.listing_title ORDER BY c.activity DESC))[1] AS title,
             count(*)::int AS conversations,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages x WHERE ${isUnreadBy(sql, 'me', 'x')}))::int AS unread
      FROM members me JOIN conversations c ON c.id = me.conversation_id
      WHERE me.site_id = ${viewer.siteId} AND me.user_id = ${viewer.userId} AND me.role = 'seller'
        AND NOT me.archived AND c.last_seq > 0
      GROUP BY c.listing_id
      ORDER BY conversations DESC, max(c.activity) DESC
      LIMIT ${LISTING_COUNTS_MAX}`;
    return rows;
  }

  /**
   * The ids of the viewer's listed conversations (as {@link list} shows them: not archived, a seller's
   * only once it has a message) that are not in `exclude`, newest activity first: what `sync` adds
   * to the ones the client named. The viewer's member rows are read first (a materialized CTE) so the
   * cost follows their own conversations: ordered by activity under a LIMIT, the planner walked every
   * conversation of the database, newest first, when the client already knew them all.
   */
  async newestIds(viewer: Caller, { exclude, limit }: { exclude: string[]; limit: number }): Promise<string[]> {
    const rows = await this.#sql<{ id: string }[]>`
      WITH mine AS MATERIALIZED (
        SELECT conversation_id, role FROM members
        WHERE site_id = ${viewer.siteId} AND user_id = ${viewer.userId} AND NOT archived
      )
      SELECT c.id FROM mine JOIN conversations c ON c.id = mine.conversation_id
      WHERE (c.last_seq > 0 OR mine.role = 'buyer') AND c.id NOT IN (SELECT unnest(${exclude}::text[]))
      ORDER BY c.activity DESC
      LIMIT ${limit}`;
    return rows.map((r) => r.id);
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
    const rows = await selectViews(
      sql,
      sql`me.site_id = ${siteId} AND (c.last_seq > 0 OR me.role = 'buyer') AND me.conversation_id IN (
            SELECT rc.id FROM members rm JOIN conversations rc ON rc.id = rm.conversation_id
            WHERE rm.site_id = ${siteId} AND rm.user_id = ${userId} AND rc.updated_at >= ${since}
            ORDER BY rc.activity DESC LIMIT ${limit})`,
      limit * 2,
    );
    return rows.map((row) => ({ viewerId: row.viewer_id, conversation: toConversation(row) }));
  }

  /** Every member's own view of the given conversations (a seller left out of one without messages, as above). */
  async viewsOf(
    siteId: string,
    conversationIds: readonly string[],
  ): Promise<Array<{ viewerId: string; conversation: Conversation }>> {
    if (conversationIds.length === 0) return [];
    const sql = this.#sql;
    const rows = await selectViews(
      sql,
      sql`me.site_id = ${siteId} AND (c.last_seq > 0 OR me.role = 'buyer') AND me.conversation_id = ANY(${conversationIds as string[]})`,
      conversationIds.length * 2,
    );
    return rows.map((row) => ({ viewerId: row.viewer_id, conversation: toConversation(row) }));
  }

  #viewQuery(viewer: Caller, filter: SqlFragment, limit: number) {
    return selectViews(this.#sql, this.#sql`me.site_id = ${viewer.siteId} AND me.user_id = ${viewer.userId} ${filter}`, limit);
  }

  /** Hides a conversation for the caller only; false when they are not a member. */
  async archive(caller: Caller, conversationId: string): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE members SET archived = true
      WHERE conversation_id = ${conversationId} AND site_id = ${caller.siteId} AND user_id = ${caller.userId}
      RETURNING 1`;
    return rows.length > 0;
  }

  /** Sets the caller's own mute flag on a conversation; false when they are not a member. */
  async setMuted(caller: Caller, conversationId: string, muted: boolean): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE members SET muted = ${muted}
      WHERE conversation_id = ${conversationId} AND site_id = ${caller.siteId} AND user_id = ${caller.userId}
      RETURNING 1`;
    return rows.length > 0;
  }

  /**
   * Moves the caller's read position forward to `seq` (capped at the last message). Returns null when
   * they are not a member, else the new position and whether it moved.
   */
  async markRead(caller: Caller, conversationId: string, seq: number): Promise<{ readSeq: number; moved: boolean } | null> {
    const sql = this.#sql;
    const [row] = await sql<{ before: number; after: number }[]>`
      WITH target AS (
        -- The conversation row first: the other member's row is stamped too (receipt; migration 011's lock order).
        SELECT me.read_seq AS before, GREATEST(me.read_seq, LEAST(${seq}::int, c.last_seq)) AS after
        FROM members me JOIN conversations c ON c.id = me.conversation_id
        WHERE me.conversation_id = ${conversationId} AND me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId}
        FOR NO KEY UPDATE OF c
      ), upd AS (
        UPDATE members m SET read_seq = target.after FROM target
        WHERE m.conversation_id = ${conversationId} AND m.user_id = ${caller.userId} AND target.after > m.read_seq
        RETURNING m.read_seq, m.site_id, m.conversation_id, m.user_id
      ), receipt AS (
        -- The other member's view shows the read: its row's change stamp moves (sync's change cursor).
        UPDATE members o SET change_xid = pg_current_xact_id() FROM upd
        WHERE o.conversation_id = upd.conversation_id AND o.user_id <> upd.user_id
      ) ${webhookEventCtes(sql, {
        name: 'read_webhooks',
        type: 'conversation.read',
        from: 'upd',
        siteId: sql`upd.site_id`,
        data: sql`jsonb_build_object('conversationId', upd.conversation_id, 'userId', upd.user_id, 'seq', upd.read_seq)`,
      })}
      SELECT before, after FROM target`;
    if (!row) return null;
    return { readSeq: row.after, moved: row.after > row.before };
  }

  /** The caller's unread counts; conversations with nothing unread and archived ones are left out. */
  async unread(caller: Caller): Promise<UnreadCounts> {
    const sql = this.#sql;
    const rows = await sql<{ conversation_id: string; unread: number }[]>`
      SELECT me.conversation_id, count(*)::int AS unread
      FROM members me
      JOIN messages x ON ${isUnreadBy(sql, 'me', 'x')}
      WHERE me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId} AND NOT me.archived
      GROUP BY me.conversation_id`;
    const counts: UnreadCounts = { total: 0, conversations: {} };
    for (const row of rows) addUnread(counts, row.conversation_id, row.unread);
    return counts;
  }

  /** Unread counts of several users in one query, in the order asked (see {@link unread}). */
  async unreadMany(users: readonly Caller[]): Promise<UnreadCounts[]> {
    if (users.length === 1) return [await this.unread(users[0]!)];
    // LATERAL: each user's rows come from the index, whatever the planner guesses about the array.
    const sql = this.#sql;
    const rows = await sql<{ ord: number; conversation_id: string; unread: number }[]>`
      SELECT k.ord::int AS ord, u.conversation_id, u.unread
      FROM unnest(${users.map((user) => user.siteId)}::text[], ${users.map((user) => user.userId)}::text[])
           WITH ORDINALITY AS k(site_id, user_id, ord)
      CROSS JOIN LATERAL (
        SELECT me.conversation_id, count(*)::int AS unread
        FROM members me
        JOIN messages x ON ${isUnreadBy(sql, 'me', 'x')}
        WHERE me.site_id = k.site_id AND me.user_id = k.user_id AND NOT me.archived
        GROUP BY me.conversation_id
      ) u`;
    const counts = users.map((): UnreadCounts => ({ total: 0, conversations: {} }));
    for (const row of rows) addUnread(counts[row.ord - 1]!, row.conversation_id, row.unread);
    return counts;
  }
}

/** Adds one conversation's unread count to a user's counts. */
function addUnread(counts: UnreadCounts, conversationId: string, unread: number): void {
  counts.conversations[conversationId] = unread;
  counts.total += unread;
}
