// State transitions for server data: each takes the state and returns the fields that change.
import {
  type Conversation,
  type Message,
  type MessageDeletedEvent,
  type ReadEvent,
  type SyncResult,
} from '../../../protocol/index.ts';
import type { CachedData } from './cache.ts';
import { applyDeletion, asTombstone, conversationAfterDeletion, mergeConversation, mergeMessages, withMessage } from './merge.ts';
import type { ParleyState } from './types.ts';

type Patch = Partial<ParleyState>;

/** The state before anything is known (the view survives a change of user). */
export function initialState(view: ParleyState['view'] = { open: false, conversationId: null, listingId: null }): ParleyState {
  return {
    status: 'connecting',
    auth: 'unknown',
    me: null,
    ready: false,
    storage: 'indexeddb',
    syncing: false,
    deletedCursor: null,
    changeCursor: null,
    site: null,
    conversations: {},
    threads: {},
    coldThreads: {},
    loadingOlder: {},
    presence: {},
    typing: {},
    outbox: [],
    blocked: {},
    view,
  };
}

/** What the cache held, as state (cache read: `ready`). */
export function fromCache(cached: CachedData): Patch {
  const conversations: Record<string, Conversation> = {};
  for (const c of cached.conversations) conversations[c.id] = c;
  const blocked: Record<string, true> = {};
  for (const id of cached.blocked) blocked[id] = true;
  const coldThreads: Record<string, readonly string[]> = {};
  for (const id of cached.coldThreads) coldThreads[id] = [];
  const { threads, outbox, deletedCursor, changeCursor } = cached;
  return { conversations, threads, coldThreads, outbox, blocked, deletedCursor, changeCursor, ready: true };
}

/** Conversation views from the server (sync, `conversation:updated`, REST). */
export function conversationsArrived(state: ParleyState, views: Conversation[]): Patch {
  if (views.length === 0) return {};
  const conversations = { ...state.conversations };
  const threads = { ...state.threads };
  for (const view of views) {
    conversations[view.id] = mergeConversation(conversations[view.id], view);
    // A conversation new to us: hold its last message, older ones are fetched when it is opened.
    if (!threads[view.id]?.length && view.lastMessage) threads[view.id] = [view.lastMessage];
  }
  return { conversations, threads };
}

/** Messages from the server (live, sync, pages, acks), grouped per conversation. */
export function messagesArrived(state: ParleyState, messages: readonly Message[]): Patch {
  if (messages.length === 0) return {};
  const threads = { ...state.threads };
  const conversations = { ...state.conversations };
  const typing = { ...state.typing };
  for (const [id, list] of groupBy(messages)) {
    threads[id] = mergeMessages(threads[id] ?? [], list);
    const last = list[list.length - 1]!;
    const c = conversations[id];
    if (c) conversations[id] = withMessage(c, last);
    if (typing[id] && list.some((m) => m.senderId === typing[id]!.userId)) delete typing[id];
  }
  return { threads, conversations, typing };
}

/** Tombstones (live or from sync). */
export function deletionsArrived(state: ParleyState, events: readonly MessageDeletedEvent[]): Patch {
  if (events.length === 0) return {};
  const threads = { ...state.threads };
  const conversations = { ...state.conversations };
  let coldThreads = state.coldThreads;
  for (const e of events) {
    const thread = threads[e.conversationId];
    if (thread) threads[e.conversationId] = applyDeletion(thread, e);
    const c = conversations[e.conversationId];
    if (c) conversations[e.conversationId] = conversationAfterDeletion(c, e);
    // The copy on disk may hold the message too: remembered until it is read.
    const cold = coldThreads[e.conversationId];
    if (cold) coldThreads = { ...coldThreads, [e.conversationId]: [...cold, e.messageId] };
  }
  return { threads, conversations, coldThreads };
}

/**
 * Cold threads read from disk (`ids` asked, `cached` what was found): merged under what the state
 * holds of them since the start, with the deletions heard of meanwhile applied. A thread found on disk
 * and untouched since is the very array that was read (so it need not be written back).
 */
export function threadsWarmed(state: ParleyState, cached: Readonly<Record<string, Message[]>>, ids: readonly string[]): Patch {
  const coldThreads = { ...state.coldThreads };
  const threads = { ...state.threads };
  for (const id of ids) {
    const deleted = coldThreads[id];
    if (!deleted) continue;
    delete coldThreads[id];
    let disk: readonly Message[] = cached[id] ?? [];
    if (deleted.length) disk = disk.map((m) => (deleted.includes(m.id) ? asTombstone(m) : m));
    const held = threads[id];
    if (held) threads[id] = mergeMessages(disk, held);
    else if (disk.length) threads[id] = disk;
  }
  return { threads, coldThreads };
}

/**
 * A whole `sync` answer; the conversations it names as `gone` (not ours) are dropped, and those in
 * `reload` lose the messages held (fetched again when shown). The change cursor is `Sync`'s to move.
 */
export function syncArrived(state: ParleyState, answer: SyncResult): Patch {
  let threads = state.threads;
  let coldThreads = state.coldThreads;
  const dropped = [...(answer.reload ?? []), ...(answer.gone ?? [])];
  if (dropped.length) {
    // Messages held of these, in memory and on disk, are dropped (fetched again when shown).
    const kept = { ...threads };
    const stillCold = { ...coldThreads };
    for (const id of dropped) (delete kept[id], delete stillCold[id]);
    threads = kept;
    coldThreads = stillCold;
  }
  const reloaded = { ...state, threads, coldThreads };
  const withViews = { ...reloaded, ...conversationsArrived(reloaded, answer.conversations) };
  const withMessages = { ...withViews, ...messagesArrived(withViews, answer.messages) };
  const synced = { ...withMessages, ...deletionsArrived(withMessages, answer.deleted) };
  const { deletedCursor = null, gone = [], site = state.site } = answer;
  if (!gone.length)
    return {
      conversations: synced.conversations,
      threads: synced.threads,
      coldThreads: synced.coldThreads,
      typing: synced.typing,
      deletedCursor,
      site,
    };
  const conversations = { ...synced.conversations };
  const left = { ...synced.threads };
  for (const id of gone) (delete conversations[id], delete left[id]);
  return { conversations, threads: left, coldThreads: synced.coldThreads, typing: synced.typing, deletedCursor, site };
}

/** A read position moved (the other party's: own messages become `read`; ours from another tab). */
export function readArrived(state: ParleyState, e: ReadEvent): Patch {
  const c = state.conversations[e.conversationId];
  if (!c || (c.readSeq[e.userId] ?? 0) >= e.seq) return {};
  return { conversations: { ...state.conversations, [c.id]: { ...c, readSeq: { ...c.readSeq, [e.userId]: e.seq } } } };
}

/**
 * The last seq held per conversation, most recently active first: what a full check names (in
 * requests of at most `syncMaxKnownConversations`).
 */
export function positions(state: ParleyState): Array<[string, number]> {
  return Object.values(state.conversations)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .map((c) => {
      const thread = state.threads[c.id];
      return [c.id, thread?.length ? thread[thread.length - 1]!.seq : c.lastSeq];
    });
}

function groupBy(messages: readonly Message[]): Map<string, Message[]> {
  const map = new Map<string, Message[]>();
  for (const m of messages) {
    const list = map.get(m.conversationId);
    if (list) list.push(m);
    else map.set(m.conversationId, [m]);
  }
  for (const list of map.values()) list.sort((a, b) => a.seq - b.seq);
  return map;
}
