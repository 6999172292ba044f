// State transitions for server data: each takes the state and returns the fields that change.
import type { Conversation, Message, MessageDeletedEvent, ReadEvent, SyncResult } from '../../../protocol/index.ts';
import type { CachedData } from './cache.ts';
import { applyDeletion, mergeConversation, mergeMessages, withMessage } from './merge.ts';
import type { ParleyState } from './types.ts';

type Patch = Partial<ParleyState>;

/** The state before anything is known (the view survives a change of user). */
export function initialState(view: ParleyState['view'] = { open: false, conversationId: null, listingId: null, rev: 0 }): ParleyState {
  return {
    status: 'connecting',
    auth: 'unknown',
    me: null,
    ready: false,
    storage: 'indexeddb',
    syncing: false,
    deletedCursor: null,
    conversations: {},
    threads: {},
    loadingOlder: {},
    unread: { total: 0, conversations: {} },
    presence: {},
    typing: {},
    outbox: [],
    sending: null,
    blocked: {},
    view,
  };
}

/** What the cache held, as state (cache read: `ready`). */
export function fromCache(cached: CachedData): Patch {
  const conversations: Record<string, Conversation> = {};
  const unread: Record<string, number> = {};
  let total = 0;
  for (const c of cached.conversations) {
    conversations[c.id] = c;
    if (c.unread > 0 && !c.archived) {
      unread[c.id] = c.unread;
      total += c.unread;
    }
  }
  const blocked: Record<string, true> = {};
  for (const id of cached.blocked) blocked[id] = true;
  const { threads, outbox, deletedCursor } = cached;
  return { conversations, threads, outbox, unread: { total, conversations: unread }, blocked, deletedCursor, ready: true };
}

/** Conversation views from the server (sync, `conversation:updated`, REST). */
export function conversationsArrived(s: ParleyState, views: Conversation[]): Patch {
  if (views.length === 0) return {};
  const conversations = { ...s.conversations };
  const threads = { ...s.threads };
  for (const view of views) {
    conversations[view.id] = mergeConversation(conversations[view.id], view);
    // A conversation new to us: hold its last message, older ones are fetched when it is opened.
    if (!threads[view.id]?.length && view.lastMessage) threads[view.id] = [view.lastMessage];
  }
  return { conversations, threads };
}

/** Messages from the server (live, sync, pages, acks), grouped per conversation. */
export function messagesArrived(s: ParleyState, messages: readonly Message[]): Patch {
  if (messages.length === 0) return {};
  const threads = { ...s.threads };
  const conversations = { ...s.conversations };
  const typing = { ...s.typing };
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
export function deletionsArrived(s: ParleyState, events: readonly MessageDeletedEvent[]): Patch {
  if (events.length === 0) return {};
  const threads = { ...s.threads };
  const conversations = { ...s.conversations };
  for (const e of events) {
    const thread = threads[e.conversationId];
    if (thread) threads[e.conversationId] = applyDeletion(thread, e);
    const c = conversations[e.conversationId];
    if (c?.lastMessage?.id === e.messageId && !c.lastMessage.deletedAt) {
      conversations[e.conversationId] = { ...c, lastMessage: { ...c.lastMessage, body: '', deletedAt: new Date().toISOString() } };
    }
  }
  return { threads, conversations };
}

/** A whole `sync` answer; the conversations it names as `gone` (not ours) are dropped. */
export function syncArrived(s: ParleyState, r: SyncResult): Patch {
  const a = { ...s, ...conversationsArrived(s, r.conversations) };
  const b = { ...a, ...messagesArrived(a, r.messages) };
  const c = { ...b, ...deletionsArrived(b, r.deleted) };
  const { deletedCursor = null, gone = [] } = r;
  if (!gone.length) return { conversations: c.conversations, threads: c.threads, typing: c.typing, deletedCursor };
  const conversations = { ...c.conversations };
  const threads = { ...c.threads };
  for (const id of gone) delete conversations[id], delete threads[id];
  return { conversations, threads, typing: c.typing, deletedCursor };
}

/** A read position moved (the other party's: own messages become `read`; ours from another tab). */
export function readArrived(s: ParleyState, e: ReadEvent): Patch {
  const c = s.conversations[e.conversationId];
  if (!c || (c.readSeq[e.userId] ?? 0) >= e.seq) return {};
  return { conversations: { ...s.conversations, [c.id]: { ...c, readSeq: { ...c.readSeq, [e.userId]: e.seq } } } };
}

/** The last seq held per conversation: what `sync` asks to continue from (at most 1000, newest first). */
export function positions(s: ParleyState): Record<string, number> {
  const entries = Object.values(s.conversations)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .slice(0, 1000)
    .map((c) => {
      const thread = s.threads[c.id];
      return [c.id, thread?.length ? thread[thread.length - 1]!.seq : c.lastSeq] as const;
    });
  return Object.fromEntries(entries);
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
