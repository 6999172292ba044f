// What users do with messages: send, retry, discard, delete, read, type, page back, open a thread.
import {
  LIMITS,
  messageLength,
  type ConversationResponse,
  type ListMessagesResponse,
  type Message,
} from '../../../protocol/index.ts';
import type { Connection } from './connection.ts';
import { conversationsArrived, messagesArrived } from './reducers.ts';
import { apiPath, ParleyClientError, type RestClient } from './rest.ts';
import { hasOlder } from './selectors.ts';
import type { UserSession } from './session.ts';
import type { Store } from './store.ts';
import type { Sync } from './sync.ts';
import type { OutboxItem, OutboxPhoto, ParleyState } from './types.ts';

/** At most one `typing: true` per conversation in this interval. */
export const TYPING_THROTTLE_MS = 3000;
/** Messages per page when paging back through a thread. */
const PAGE = LIMITS.pageDefault;
/** Pages of `LIMITS.pageMax` messages fetched at most to open a thread at an old message (2,000 messages back). */
const JUMP_MAX_PAGES = 10;

/** What {@link MessageActions} work with: the client's parts, each built once by the client. */
export interface MessageActionsOptions {
  store: Store<ParleyState>;
  rest: RestClient;
  connection: Connection;
  sync: Sync;
  session: UserSession;
  /** Resolves once the signed-in user's cache has been read. */
  whenReady(): Promise<void>;
}

/** The message actions of the client; failures reject with a {@link ParleyClientError}. */
export class MessageActions {
  readonly #parts: MessageActionsOptions;
  readonly #pendingRead = new Map<string, number>();
  readonly #typingSentAt = new Map<string, number>();
  readonly #refreshed = new Set<string>();

  constructor(parts: MessageActionsOptions) {
    this.#parts = parts;
  }

  /** Queues a message (stored on this device first) and sends it when connected. */
  async send(
    conversationId: string,
    body: string,
    options: { replyTo?: string | null; photos?: OutboxPhoto[] } = {},
  ): Promise<OutboxItem> {
    const text = body.trim();
    const length = messageLength(text);
    const photos = options.photos ?? [];
    // A message of photos may have no text.
    if (
      (length < LIMITS.bodyMinChars && !photos.length) ||
      length > LIMITS.bodyMaxChars ||
      photos.length > LIMITS.attachmentsMax
    ) {
      throw new ParleyClientError({ code: 'invalid', message: `A message has 1 to ${LIMITS.bodyMaxChars} characters.` });
    }
    const outbox = this.#parts.session.outbox;
    if (!outbox) throw new ParleyClientError({ code: 'unauthorized', message: 'Nobody is signed in.' });
    this.setTyping(conversationId, false);
    return outbox.add({ conversationId, body: text, replyTo: options.replyTo ?? null, photos });
  }

  /** Sends a failed message again. */
  async retry(clientId: string): Promise<void> {
    await this.#parts.session.outbox?.retry(clientId);
  }

  /** Drops a failed message. */
  async discard(clientId: string): Promise<void> {
    await this.#parts.session.outbox?.discard(clientId);
  }

  /** Deletes one of the user's messages for both parties (it stays as a tombstone). */
  async deleteMessage(messageId: string): Promise<void> {
    const ack = await this.#parts.connection.request<Record<string, never>>('message:delete', { messageId });
    if (!ack.ok) throw new ParleyClientError(ack.error);
  }

  /** Marks everything held in a conversation as read (no-op when already read or offline). */
  async markRead(conversationId: string): Promise<void> {
    const { store, connection } = this.#parts;
    const state = store.state;
    const me = state.me?.userId;
    const c = state.conversations[conversationId];
    const thread = state.threads[conversationId];
    const seq = thread?.[thread.length - 1]?.seq ?? 0;
    if (!me || !c || seq === 0 || !connection.connected) return;
    if (c.unread === 0 && (c.readSeq[me] ?? 0) >= seq) return;
    if ((this.#pendingRead.get(conversationId) ?? 0) >= seq) return;
    this.#pendingRead.set(conversationId, seq);
    const ack = await connection.request('conversation:read', { conversationId, seq });
    this.#pendingRead.delete(conversationId);
    if (!ack.ok) {
      // Nothing to show the user (the next render asks again), but not silent either.
      console.warn('[parley] marking as read failed', conversationId, ack.error);
      return;
    }
    store.update((current) => {
      const conv = current.conversations[conversationId];
      if (!conv) return {};
      const readSeq = { ...conv.readSeq, [me]: Math.max(seq, conv.readSeq[me] ?? 0) };
      return { conversations: { ...current.conversations, [conversationId]: { ...conv, unread: 0, readSeq } } };
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
    this.#parts.connection.typing(conversationId, typing);
  }

  /** Fetches the page of messages (`limit` of them) before the oldest one held. */
  async loadOlder(conversationId: string, limit: number = PAGE): Promise<void> {
    const { store, rest } = this.#parts;
    const state = store.state;
    const first = state.threads[conversationId]?.[0];
    if (state.loadingOlder[conversationId] || (first && first.seq <= 1)) return;
    const query = first ? `?before=${first.seq}&limit=${limit}` : `?limit=${limit}`;
    store.update((current) => ({ loadingOlder: { ...current.loadingOlder, [conversationId]: true } }));
    try {
      const page = await rest.call<ListMessagesResponse>('GET', apiPath('/conversations', conversationId, 'messages') + query);
      this.received(page.messages);
    } finally {
      store.update((current) => ({ loadingOlder: { ...current.loadingOlder, [conversationId]: false } }));
    }
  }

  /**
   * Makes sure a conversation and its latest messages are held (the thread is being opened). Reads
   * the cache first: a conversation held there is not asked for (offline, that would only fail).
   */
  async loadConversation(conversationId: string): Promise<void> {
    const { store, rest, whenReady } = this.#parts;
    await whenReady();
    if (!store.state.conversations[conversationId]) {
      const { conversation } = await rest.call<ConversationResponse>('GET', apiPath('/conversations', conversationId));
      store.update((current) => conversationsArrived(current, [conversation]));
    }
    const thread = store.state.threads[conversationId] ?? [];
    if (thread.length < PAGE && hasOlder(store.state, conversationId)) await this.loadOlder(conversationId);
  }

  /**
   * Loads the thread back to a few messages before `seq` (a search result opened there): held
   * messages stay contiguous up to the newest, so the pages between are fetched too, the largest
   * allowed at a time and at most {@link JUMP_MAX_PAGES} of them.
   */
  async loadAround(conversationId: string, seq: number): Promise<void> {
    await this.loadConversation(conversationId);
    for (let page = 0; page < JUMP_MAX_PAGES; page++) {
      const first = this.#parts.store.state.threads[conversationId]?.[0]?.seq;
      if (first === undefined || first <= Math.max(1, seq - PAGE / 2)) return;
      await this.loadOlder(conversationId, LIMITS.pageMax);
      if (this.#parts.store.state.threads[conversationId]?.[0]?.seq === first) return; // no progress (a load already running)
    }
  }

  /**
   * Fetches one message again, for photo URLs that expired (they are signed for a day; a thread can
   * come from the cache for longer). Once per message and page, so a photo that is gone is not asked for in a loop.
   */
  async refreshMessage(conversationId: string, seq: number): Promise<void> {
    const key = `${conversationId}/${seq}`;
    if (this.#refreshed.has(key)) return;
    this.#refreshed.add(key);
    const path = apiPath('/conversations', conversationId, 'messages') + `?before=${seq + 1}&limit=1`;
    this.received((await this.#parts.rest.call<ListMessagesResponse>('GET', path)).messages);
  }

  /** Folds messages from the server into the state, settles the outbox, and fills a hole they reveal. */
  received(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    const { store, session, sync } = this.#parts;
    store.update((current) => messagesArrived(current, messages));
    session.delivered(messages);
    for (const id of new Set(messages.map((m) => m.conversationId))) void sync.fillGaps(id);
  }
}
