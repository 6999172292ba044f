// What users do: send, retry, delete, read, type, page back, contact, archive, block, report, open the chat.
import {
  LIMITS,
  type Conversation,
  type ConversationResponse,
  type CreateConversationRequest,
  type ListMessagesResponse,
  type Message,
} from '../../../protocol/index.ts';
import type { Cache } from './cache.ts';
import type { Connection } from './connection.ts';
import type { Outbox } from './outbox.ts';
import { conversationsArrived, messagesArrived } from './reducers.ts';
import { hasOlder } from './selectors.ts';
import { ParleyClientError, type RestClient } from './rest.ts';
import type { Store } from './store.ts';
import type { Sync } from './sync.ts';
import type { OutboxItem, ParleyState } from './types.ts';

/** At most one `typing: true` per conversation in this interval. */
export const TYPING_THROTTLE_MS = 3000;
const PAGE = 50;

const path = (...parts: string[]) => parts.map((p, i) => (i % 2 ? encodeURIComponent(p) : p)).join('/');

/** The user actions of {@link ParleyClient}; the wiring lives in the subclass. */
export abstract class ClientActions {
  protected readonly store: Store<ParleyState>;
  protected readonly rest: RestClient;
  protected connection!: Connection;
  protected sync!: Sync;
  protected cache: Cache | null = null;
  protected outbox: Outbox | null = null;
  readonly #pendingRead = new Map<string, number>();
  readonly #typingSentAt = new Map<string, number>();
  #unwatch: (() => void) | null = null;

  constructor(store: Store<ParleyState>, rest: RestClient) {
    this.store = store;
    this.rest = rest;
  }

  /** Reports an asynchronous failure to listeners. */
  protected abstract notifyError(code: string, message: string): void;

  /** Queues a message (stored on this device first) and sends it when connected. */
  async send(conversationId: string, body: string, options: { replyTo?: string | null } = {}): Promise<OutboxItem> {
    const text = body.trim();
    if (text.length < LIMITS.bodyMinChars || text.length > LIMITS.bodyMaxChars) {
      throw new ParleyClientError({ code: 'invalid', message: `A message has 1 to ${LIMITS.bodyMaxChars} characters.` });
    }
    if (!this.outbox) throw new ParleyClientError({ code: 'unauthorized', message: 'Nobody is signed in.' });
    this.setTyping(conversationId, false);
    return this.outbox.add({ conversationId, body: text, replyTo: options.replyTo ?? null });
  }

  /** Sends a failed message again. */
  async retry(clientId: string): Promise<void> {
    await this.outbox?.retry(clientId);
  }

  /** Drops a failed message. */
  async discard(clientId: string): Promise<void> {
    await this.outbox?.discard(clientId);
  }

  /** Deletes one of the user's messages for both parties (it stays as a tombstone). */
  async deleteMessage(messageId: string): Promise<void> {
    const ack = await this.connection.request<Record<string, never>>('message:delete', { messageId });
    if (!ack.ok) throw new ParleyClientError(ack.error);
  }

  /** Marks everything held in a conversation as read (no-op when already read or offline). */
  async markRead(conversationId: string): Promise<void> {
    const s = this.store.state;
    const me = s.me?.userId;
    const c = s.conversations[conversationId];
    const thread = s.threads[conversationId];
    const seq = thread?.[thread.length - 1]?.seq ?? 0;
    if (!me || !c || seq === 0 || !this.connection.connected) return;
    const unread = s.unread.conversations[conversationId] ?? 0;
    if (unread === 0 && (c.readSeq[me] ?? 0) >= seq) return;
    if ((this.#pendingRead.get(conversationId) ?? 0) >= seq) return;
    this.#pendingRead.set(conversationId, seq);
    const ack = await this.connection.request('conversation:read', { conversationId, seq });
    this.#pendingRead.delete(conversationId);
    if (!ack.ok) return;
    this.store.update((st) => {
      const conv = st.conversations[conversationId];
      if (!conv) return {};
      const before = st.unread.conversations[conversationId] ?? 0;
      const counts = { ...st.unread.conversations };
      delete counts[conversationId];
      return {
        conversations: { ...st.conversations, [conversationId]: { ...conv, unread: 0, readSeq: { ...conv.readSeq, [me]: Math.max(seq, conv.readSeq[me] ?? 0) } } },
        unread: { total: Math.max(0, st.unread.total - before), conversations: counts },
      };
    });
  }

  /** Tells the other party the user is typing (throttled) or stopped. */
  setTyping(conversationId: string, typing: boolean): void {
    const last = this.#typingSentAt.get(conversationId);
    if (typing) {
      if (last !== undefined && Date.now() - last < TYPING_THROTTLE_MS) return;
      this.#typingSentAt.set(conversationId, Date.now());
    } else {
      if (last === undefined) return;
      this.#typingSentAt.delete(conversationId);
    }
    this.connection.typing(conversationId, typing);
  }

  /** Fetches the page of messages before the oldest one held. */
  async loadOlder(conversationId: string): Promise<void> {
    const s = this.store.state;
    const first = s.threads[conversationId]?.[0];
    if (s.loadingOlder[conversationId] || (first && first.seq <= 1)) return;
    const query = first ? `?before=${first.seq}&limit=${PAGE}` : `?limit=${PAGE}`;
    this.store.update((st) => ({ loadingOlder: { ...st.loadingOlder, [conversationId]: true } }));
    try {
      const r = await this.rest.call<ListMessagesResponse>('GET', path('/conversations', conversationId, 'messages') + query);
      this.messagesReceived(r.messages);
    } finally {
      this.store.update((st) => ({ loadingOlder: { ...st.loadingOlder, [conversationId]: false } }));
    }
  }

  /** Makes sure a conversation and its latest messages are held (the thread is being opened). */
  async loadConversation(conversationId: string): Promise<void> {
    if (!this.store.state.conversations[conversationId]) {
      const { conversation } = await this.rest.call<ConversationResponse>('GET', path('/conversations', conversationId));
      this.store.update((s) => conversationsArrived(s, [conversation]));
    }
    const thread = this.store.state.threads[conversationId] ?? [];
    if (thread.length < PAGE && hasOlder(this.store.state, conversationId)) await this.loadOlder(conversationId);
  }

  /** Gets or creates the conversation with a seller about a listing (the caller is the buyer). */
  async contactSeller(input: CreateConversationRequest): Promise<Conversation> {
    const { conversation } = await this.rest.call<ConversationResponse>('POST', '/conversations', input);
    this.store.update((s) => conversationsArrived(s, [conversation]));
    return conversation;
  }

  /** Hides a conversation for this user (it comes back with the next message). */
  async archive(conversationId: string): Promise<void> {
    await this.rest.call('DELETE', path('/conversations', conversationId));
    this.store.update((s) => {
      const c = s.conversations[conversationId];
      return c ? { conversations: { ...s.conversations, [conversationId]: { ...c, archived: true } } } : {};
    });
  }

  /** Refuses further messages from a user. */
  async block(userId: string): Promise<void> {
    await this.rest.call('POST', path('/users', userId, 'block'));
    this.store.update((s) => ({ blocked: { ...s.blocked, [userId]: true } }));
  }

  async unblock(userId: string): Promise<void> {
    await this.rest.call('DELETE', path('/users', userId, 'block'));
    this.store.update((s) => {
      const blocked = { ...s.blocked };
      delete blocked[userId];
      return { blocked };
    });
  }

  /** Reports a conversation (or one message of it) to the marketplace's moderators. */
  async report(input: { conversationId: string; messageId?: string | null; reason: string }): Promise<void> {
    await this.rest.call('POST', '/reports', { ...input, reason: input.reason.trim().slice(0, LIMITS.reportReasonMaxChars) });
  }

  /**
   * Asks every `<parley-chat>` of the page to open: at a conversation, or at the list (only the
   * conversations about `listingId` when given).
   */
  openChat(conversationId: string | null = null, listingId: string | null = null): void {
    this.store.update((s) => ({ view: { open: true, conversationId, listingId, rev: s.view.rev + 1 } }));
  }

  /** Asks the floating panel to close. */
  closeChat(): void {
    this.store.update((s) => ({ view: { ...s.view, open: false, rev: s.view.rev + 1 } }));
  }

  /** Opens the panel where it was, or closes it. */
  toggleChat(): void {
    if (this.store.state.view.open) this.closeChat();
    else this.openChat(this.store.state.view.conversationId, this.store.state.view.listingId);
  }

  /** Folds messages from the server into the state and fills a hole they reveal. */
  protected messagesReceived(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    this.store.update((s) => messagesArrived(s, messages));
    this.delivered(messages);
    for (const id of new Set(messages.map((m) => m.conversationId))) {
      void this.sync.fillGaps(id).catch((err) => console.warn('[parley] gap fill failed', err));
    }
  }

  /** Own messages the server has: their outbox items are done, here and in storage. */
  protected delivered(messages: readonly Message[]): void {
    const me = this.store.state.me?.userId;
    const done = messages.filter((m) => m.senderId === me).map((m) => m.clientId);
    if (done.length === 0) return;
    this.outbox?.forget(done);
    void this.cache?.deleteOutboxItems(done).catch((err) => console.warn('[parley] outbox cleanup failed', err));
  }

  /** Writes conversations and threads to the cache whenever they change (batched by the cache). */
  protected watchCache(cache: Cache): void {
    this.#unwatch?.();
    this.#unwatch = this.store.subscribe((s, prev) => {
      if (s.me !== prev.me) return;
      if (s.conversations !== prev.conversations) cache.saveConversations(Object.values(s.conversations));
      if (s.blocked !== prev.blocked) cache.saveBlocked(Object.keys(s.blocked));
      if (s.deletedCursor !== prev.deletedCursor) cache.saveCursor(s.deletedCursor);
      if (s.threads !== prev.threads) {
        for (const [id, thread] of Object.entries(s.threads)) if (thread !== prev.threads[id]) cache.saveThread(id, thread);
        for (const id in prev.threads) if (!s.threads[id]) cache.dropThread(id);
      }
    });
  }
}
