// One page of a cursor sync: the conversations changed since the cursor, their new messages and deletions, a new cursor.
import { LIMITS, type SyncResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
import { cursorAfter, formatChangeCursor, type ChangeCursor } from './change-cursor.ts';
import { formatSnapshot, parseSnapshot } from './deletion-cursor.ts';
import type { Change, SyncChangesRepository } from './sync-changes.repository.ts';

/** What a page reads from. */
export interface ChangesPageSources {
  conversations: ConversationsRepository;
  changes: SyncChangesRepository;
}

/**
 * The caller's changes since `since`, in (transaction, conversation) order: at most
 * `syncMaxConversations` conversations and, counting new messages and deletions together, at most
 * `syncMaxMessages` of those (one conversation always fits: each of its lists is bounded by
 * `syncMaxChangesPerConversation`). A cut page says `hasMore` and hands out a cursor that stops after
 * its last change, so the next page starts there: nothing is skipped, whatever changed.
 */
export async function changesPage(
  { conversations, changes }: ChangesPageSources,
  caller: Caller,
  since: ChangeCursor,
): Promise<SyncResult> {
  const perConversation = LIMITS.syncMaxChangesPerConversation;
  const { snapshot, changes: read } = await changes.changedSince(caller, since, LIMITS.syncMaxConversations);
  const current = parseSnapshot(snapshot)!;
  // A cursor ahead of the database comes from another one (a restore): the client checks in full.
  if (since.snapshot.xmax > current.xmax || (since.tie && since.tie.xid >= current.xmax)) {
    return {
      messages: [],
      conversations: [],
      hasMore: false,
      deleted: [],
      deletedCursor: snapshot,
      gone: [],
      changeCursorReset: true,
    };
  }
  const listed = read.slice(0, LIMITS.syncMaxConversations);
  const changed = [...new Set(listed.filter((c) => !c.gone).map((c) => c.conversationId))];
  const sinceText = formatSnapshot(since.snapshot);
  const [views, ranges, deletions] = await Promise.all([
    conversations.viewMany(caller, changed),
    changes.newRanges(changed, sinceText, perConversation),
    changes.deletionsSince(changed, sinceText, since.snapshot.xmin, perConversation),
  ]);

  const fresh = new Map(ranges.map((r) => [r.conversationId, r.last - r.first + 1]));
  const deletedIn = new Map<string, number>();
  for (const d of deletions) deletedIn.set(d.conversationId, (deletedIn.get(d.conversationId) ?? 0) + 1);
  // Too many deletions to list: the client drops what it holds of the conversation instead.
  const reload = new Set([...deletedIn].filter(([, n]) => n > perConversation).map(([id]) => id));
  const cost = (c: Change) =>
    c.gone ? 0 : (fresh.get(c.conversationId) ?? 0) + (reload.has(c.conversationId) ? 0 : (deletedIn.get(c.conversationId) ?? 0));
  let size = listed.length;
  let spent = 0;
  for (let i = 0; i < listed.length; i++) {
    spent += cost(listed[i]!);
    if (spent > LIMITS.syncMaxMessages && i > 0) {
      size = i;
      break;
    }
  }
  const page = listed.slice(0, size);
  const cut = read.length > page.length;

  // The last change of a conversation in the page decides: gone, or changed after all.
  const last = new Map(page.map((c) => [c.conversationId, c]));
  const inPage = (id: string) => last.get(id)?.gone === false;
  const lastChange = page[page.length - 1];
  const messages = await changes.inRanges(ranges.filter((r) => inPage(r.conversationId)));
  return {
    messages,
    // A seller does not see a conversation before its first message (as in the list).
    conversations: views.filter((v) => inPage(v.id) && !(v.seller.id === caller.userId && v.lastSeq === 0)),
    hasMore: cut,
    deleted: deletions.filter((d) => inPage(d.conversationId) && !reload.has(d.conversationId)),
    // Every deletion the request's cursor did not show is in this page or a later one.
    deletedCursor: sinceText,
    gone: [...last.values()].filter((c) => c.gone).map((c) => c.conversationId),
    changeCursor: formatChangeCursor(
      cut && lastChange ? cursorAfter(current, lastChange.xid, lastChange.conversationId) : { snapshot: current, tie: null },
    ),
    ...(reload.size ? { reload: [...reload].filter(inPage) } : {}),
  };
}
