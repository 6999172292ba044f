// The conversation list's filtered views (all, unread, archived; by listing) and a seller's listings with their counts.
import type { Conversation, ConversationFilter } from '../../../protocol/index.ts';
import { activityOf } from './merge.ts';
import type { ParleyState } from './types.ts';

/** A listing the user sells, with how many of their (not archived) conversations are about it. */
export interface ListingSummary {
  listingId: string;
  title: string | null;
  conversations: number;
}

/** Which conversations a filter keeps: the same rules as the server's `GET /conversations?filter=`. */
const KEEP: Record<ConversationFilter, (c: Conversation) => boolean> = {
  all: (c) => !c.archived,
  unread: (c) => !c.archived && c.unread > 0,
  archived: (c) => c.archived,
};

/** The sorted list is recomputed only when the conversations object or the filter changed (state is replaced, never mutated). */
let last: { from: ParleyState['conversations']; filter: string; list: Conversation[] } | null = null;

/**
 * The conversations a list shows, newest activity first: those `filter` keeps, only about `listingId`
 * when given. Follows every live change (an arriving message makes a conversation unread, reading
 * it clears it) since it is derived from the state each time the state changes.
 */
export function filteredConversations(
  state: ParleyState,
  filter: ConversationFilter = 'all',
  listingId: string | null = null,
): Conversation[] {
  const key = `${filter}\u0000${listingId ?? ''}`;
  if (last?.from !== state.conversations || last.filter !== key) {
    const keep = KEEP[filter] ?? KEEP.all;
    const list = Object.values(state.conversations)
      .filter((c) => keep(c) && (!listingId || c.listing.id === listingId))
      .map((c) => [activityOf(c), c] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, c]) => c);
    last = { from: state.conversations, filter: key, list };
  }
  return last.list;
}

/** The listings the signed-in user sells, most conversations first (none for a buyer). */
export function sellerListings(state: ParleyState): ListingSummary[] {
  const me = state.me?.userId;
  const byId = new Map<string, ListingSummary>();
  for (const c of Object.values(state.conversations)) {
    if (c.archived || c.seller.id !== me) continue;
    const summary = byId.get(c.listing.id) ?? { listingId: c.listing.id, title: c.listing.title, conversations: 0 };
    summary.conversations++;
    byId.set(c.listing.id, summary);
  }
  return [...byId.values()].sort((a, b) => b.conversations - a.conversations);
}
