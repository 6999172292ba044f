// A conversation as one member sees it: the query that reads its row, and the mapper to the wire `Conversation`.
import type { Conversation, ListingStatus } from '../../../protocol/index.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';
import { messageColumns, type PrefixedMessageRow, toPrefixedMessage } from '../messages/message-row.ts';
import { shownListingUrl } from './listing-urls.ts';
import { isUnreadBy } from './unread-rule.ts';

/** One member's view of a conversation, as {@link selectViews} reads it; its last message under `lm_`. */
export interface ViewRow extends PrefixedMessageRow<'lm_'> {
  viewer_id: string;
  id: string;
  listing_id: string;
  listing_title: string | null;
  listing_url: string | null;
  listing_image_url: string | null;
  listing_price: string | null;
  listing_status: ListingStatus | null;
  allowed_origins: string[];
  buyer_id: string;
  buyer_name: string | null;
  buyer_picture: string | null;
  buyer_suspended: boolean;
  seller_id: string;
  seller_name: string | null;
  seller_picture: string | null;
  seller_suspended: boolean;
  last_seq: number;
  activity: number;
  created_at: Date;
  updated_at: Date;
  my_read_seq: number;
  other_read_seq: number;
  other_id: string;
  archived: boolean;
  muted: boolean;
  unread: number;
}

/**
 * Conversation views, newest activity first: one row per member row `me` matching `where`, as that
 * member sees it (the conversation `c`, its site `st`, the other member `other`).
 */
export function selectViews(sql: Sql, where: SqlFragment, limit: number) {
  return sql<ViewRow[]>`
    SELECT me.user_id AS viewer_id, c.id, c.listing_id, c.listing_title, c.listing_url, c.listing_image_url, c.listing_price,
           c.listing_status,
           st.allowed_origins,
           c.buyer_id, b.name AS buyer_name, b.picture AS buyer_picture, b.suspended_at IS NOT NULL AS buyer_suspended,
           c.seller_id, s.name AS seller_name, s.picture AS seller_picture, s.suspended_at IS NOT NULL AS seller_suspended,
           c.last_seq, c.activity, c.created_at, c.updated_at,
           me.read_seq AS my_read_seq, me.archived, me.muted, other.read_seq AS other_read_seq, other.user_id AS other_id,
           (SELECT count(*)::int FROM messages x WHERE ${isUnreadBy(sql, 'me', 'x')}) AS unread,
           ${messageColumns(sql, 'lm', 'lm_')}
    FROM members me
    JOIN conversations c ON c.id = me.conversation_id
    JOIN sites st ON st.id = c.site_id
    JOIN members other ON other.conversation_id = c.id AND other.user_id <> me.user_id
    JOIN users b ON b.site_id = c.site_id AND b.id = c.buyer_id
    JOIN users s ON s.site_id = c.site_id AND s.id = c.seller_id
    LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = c.last_seq
    WHERE ${where}
    ORDER BY c.activity DESC
    LIMIT ${limit}`;
}

/** Maps a {@link ViewRow}. */
export function toConversation(row: ViewRow): Conversation {
  const viewerId = row.other_id === row.buyer_id ? row.seller_id : row.buyer_id;
  return {
    id: row.id,
    listing: {
      id: row.listing_id,
      title: row.listing_title,
      // Rows stored before links were checked, or on an origin the site dropped since, show no link.
      url: shownListingUrl(row.listing_url, row.allowed_origins),
      imageUrl: shownListingUrl(row.listing_image_url, row.allowed_origins),
      price: row.listing_price,
      status: row.listing_status,
    },
    buyer: { id: row.buyer_id, name: row.buyer_name, picture: row.buyer_picture, suspended: row.buyer_suspended },
    seller: { id: row.seller_id, name: row.seller_name, picture: row.seller_picture, suspended: row.seller_suspended },
    lastSeq: row.last_seq,
    lastMessage: toPrefixedMessage(row, 'lm_'),
    unread: row.unread,
    readSeq: { [viewerId]: row.my_read_seq, [row.other_id]: row.other_read_seq },
    archived: row.archived,
    muted: row.muted,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
