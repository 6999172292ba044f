// Server pushes folded into the state: messages (with gap detection), tombstones, views, reads, typing, presence.
import type { Conversation, Message } from '../../../protocol/index.ts';
import type { ServerEventHandlers } from './connection.ts';
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
  /** A view was pushed (`conversation:updated`): an answer in flight may hold an older one. */
  viewPushed(conversationId: string): void;
  /** The server may have missed events for us (its Redis link came back): catch up as after a reconnection. */
  resync(): void;
}

/** Builds the handler of every server event. */
export function liveHandlers(options: LiveOptions): ServerEventHandlers {
  const { store } = options;
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const clearTyping = (conversationId: string): void => {
    typingTimers.delete(conversationId);
    store.update((state) => {
      const typing = { ...state.typing };
      delete typing[conversationId];
      return { typing };
    });
  };

  return {
    'message:created'(message) {
      const before = store.state.threads[message.conversationId];
      const last = before?.[before.length - 1];
      store.update((state) => messagesArrived(state, [message]));
      const c = store.state.conversations[message.conversationId];
      if (!c || (message.senderId !== null && nameless(c, message.senderId))) options.refreshConversation(message.conversationId);
      if (last && message.seq > last.seq + 1 && !store.state.syncing) options.gap(message.conversationId);
      if (message.senderId === store.state.me?.userId) options.ownMessages([message]);
      else options.incoming(message);
    },
    'message:deleted'(event) {
      store.update((state) => deletionsArrived(state, [event]));
    },
    'conversation:updated'(conversation) {
      store.update((state) => conversationsArrived(state, [conversation]));
      options.viewPushed(conversation.id);
    },
    'conversation:read'(event) {
      store.update((state) => readArrived(state, event));
    },
    typing(event) {
      if (event.userId === store.state.me?.userId) return;
      clearTimeout(typingTimers.get(event.conversationId));
      if (!event.typing) return clearTyping(event.conversationId);
      store.update((state) => ({ typing: { ...state.typing, [event.conversationId]: { userId: event.userId } } }));
      typingTimers.set(
        event.conversationId,
        setTimeout(() => clearTyping(event.conversationId), TYPING_TTL_MS),
      );
    },
    presence(presence) {
      store.update((state) => ({ presence: { ...state.presence, [presence.userId]: presence } }));
      // A seller contacted before they ever signed in has no name yet: they have one once online.
      const stale = Object.values(store.state.conversations).filter((c) => nameless(c, presence.userId));
      for (const c of stale.slice(0, 10)) options.refreshConversation(c.id);
    },
    unread(counts) {
      store.update((state) => {
        // The counts live on each conversation (totals are derived). The map is replaced only when a
        // counter changed: a new one makes the cache write every conversation again.
        let changed: Record<string, Conversation> | null = null;
        for (const c of Object.values(state.conversations)) {
          const n = counts.conversations[c.id] ?? 0;
          if (c.unread !== n) (changed ??= { ...state.conversations })[c.id] = { ...c, unread: n };
        }
        return changed ? { conversations: changed } : {};
      });
    },
    'sync:needed'() {
      options.resync();
    },
  };
}

/** True when `userId` takes part in the conversation and the view has no name for them. */
function nameless(c: Conversation, userId: string): boolean {
  return (c.buyer.id === userId && c.buyer.name === null) || (c.seller.id === userId && c.seller.name === null);
}
