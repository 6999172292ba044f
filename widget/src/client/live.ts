// Server pushes folded into the state: messages (with gap detection), tombstones, views, reads, typing, presence.
import type { Message, ServerToClientEvents } from '../../../protocol/index.ts';
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
  /** A message arrived for a conversation the state does not hold. */
  unknownConversation(conversationId: string): void;
}

type Handlers = { [E in keyof ServerToClientEvents]: (payload: Parameters<ServerToClientEvents[E]>[0]) => void };

/** Builds the handler of every server event. */
export function liveHandlers(o: LiveOptions): Handlers {
  const { store } = o;
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  return {
    'message:created'(m) {
      const before = store.state.threads[m.conversationId];
      const last = before?.[before.length - 1];
      store.update((s) => messagesArrived(s, [m]));
      if (!store.state.conversations[m.conversationId]) o.unknownConversation(m.conversationId);
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
      store.update((s) => {
        const typing = { ...s.typing };
        if (e.typing) typing[e.conversationId] = { userId: e.userId, until: Date.now() + TYPING_TTL_MS };
        else delete typing[e.conversationId];
        return { typing };
      });
      if (!e.typing) return;
      typingTimers.set(
        e.conversationId,
        setTimeout(() => {
          store.update((s) => {
            const typing = { ...s.typing };
            delete typing[e.conversationId];
            return { typing };
          });
        }, TYPING_TTL_MS),
      );
    },
    presence(p) {
      store.update((s) => ({ presence: { ...s.presence, [p.userId]: p } }));
    },
    unread(u) {
      store.update((s) => {
        // Keep each conversation's own counter in line with the totals.
        const conversations = { ...s.conversations };
        for (const c of Object.values(conversations)) {
          const n = u.conversations[c.id] ?? 0;
          if (c.unread !== n) conversations[c.id] = { ...c, unread: n };
        }
        return { unread: u, conversations };
      });
    },
  };
}
