// Server pushes folded into the state: messages (with gap detection), tombstones, views, reads, typing, presence.
import type { Conversation, Message, ServerToClientEvents } from '../../../protocol/index.ts';
import { conversationsArrived, deletionsArrived, messagesArrived, readArrived } from './reducers.ts';
import type { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** How long a `typing: true` shows without being renewed. */
export const TYPING_TTL_MS = 6000;

export interface LiveOptions {
  store: Store<ParleyState>;
  /** Own messages arrived: their outbox items are done. */
  ownMessages(messages: Message[]): void;
  /** A message from the other party arrived live. */
  incoming(message: Message): void;
  /** A thread now has a hole: fetch the missing range. */
  gap(conversationId: string): void;
  /** A conversation's view is missing or stale (a message for an unknown one, a party without a name yet). */
  refreshConversation(conversationId: string): void;
}

type Handlers = { [E in keyof ServerToClientEvents]: (payload: Parameters<ServerToClientEvents[E]>[0]) => void };

/** Builds the handler of every server event. */
export function liveHandlers(o: LiveOptions): Handlers {
  const { store } = o;
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const clearTyping = (conversationId: string): void => {
    typingTimers.delete(conversationId);
    store.update((s) => {
      const typing = { ...s.typing };
      delete typing[conversationId];
      return { typing };
    });
  };

  return {
    'message:created'(m) {
      const before = store.state.threads[m.conversationId];
      const last = before?.[before.length - 1];
      store.update((s) => messagesArrived(s, [m]));
      const c = store.state.conversations[m.conversationId];
      if (!c || nameless(c, m.senderId)) o.refreshConversation(m.conversationId);
      if (last && m.seq > last.seq + 1 && !store.state.syncing) o.gap(m.conversationId);
      if (m.senderId === store.state.me?.userId) o.ownMessages([m]);
      else o.incoming(m);
    },
    'message:deleted'(e) {
      store.update((s) => deletionsArrived(s, [e]));
    },
    'conversation:updated'(c) {
      store.update((s) => conversationsArrived(s, [c]));
    },
    'conversation:read'(e) {
      store.update((s) => readArrived(s, e));
    },
    typing(e) {
      if (e.userId === store.state.me?.userId) return;
      clearTimeout(typingTimers.get(e.conversationId));
      if (!e.typing) return clearTyping(e.conversationId);
      store.update((s) => ({ typing: { ...s.typing, [e.conversationId]: { userId: e.userId, until: Date.now() + TYPING_TTL_MS } } }));
      typingTimers.set(
        e.conversationId,
        setTimeout(() => clearTyping(e.conversationId), TYPING_TTL_MS),
      );
    },
    presence(p) {
      store.update((s) => ({ presence: { ...s.presence, [p.userId]: p } }));
      // A seller contacted before they ever signed in has no name yet: they have one once online.
      const stale = Object.values(store.state.conversations).filter((c) => nameless(c, p.userId));
      for (const c of stale.slice(0, 10)) o.refreshConversation(c.id);
    },
    unread(u) {
      store.update((s) => {
        // Keep each conversation's own counter in line with the totals. The map is replaced only when
        // a counter changed: a new one makes the cache write every conversation again.
        let changed: Record<string, Conversation> | null = null;
        for (const c of Object.values(s.conversations)) {
          const n = u.conversations[c.id] ?? 0;
          if (c.unread !== n) (changed ??= { ...s.conversations })[c.id] = { ...c, unread: n };
        }
        return { unread: u, conversations: changed ?? s.conversations };
      });
    },
  };
}

/** True when `userId` takes part in the conversation and the view has no name for them. */
function nameless(c: Conversation, userId: string): boolean {
  return (c.buyer.id === userId && c.buyer.name === null) || (c.seller.id === userId && c.seller.name === null);
}
