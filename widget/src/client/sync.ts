// Catch-up: `sync` after every connect (Socket.IO's own recovery is not relied on) and gap filling.
import type { ConversationResponse, ListMessagesResponse, Message, SyncResult } from '../../../protocol/index.ts';
import type { Connection } from './connection.ts';
import { firstGap } from './merge.ts';
import { positions, syncArrived, messagesArrived, conversationsArrived } from './reducers.ts';
import type { RestClient } from './rest.ts';
import type { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** `sync` rounds per catch-up before giving up until the next connect (500 messages per round). */
const MAX_ROUNDS = 50;
/** Pages fetched to fill one gap. */
const MAX_GAP_PAGES = 10;
const GAP_PAGE = 200;

export interface SyncOptions {
  store: Store<ParleyState>;
  connection: Connection;
  rest: RestClient;
  /** Called with the messages each round brought (the outbox reconciles own clientIds). */
  onMessages(messages: Message[]): void;
}

/** Brings the state up to date with the server. */
export class Sync {
  readonly #o: SyncOptions;
  readonly #filling = new Map<string, Promise<void>>();
  readonly #fetching = new Map<string, Promise<void>>();
  #running: Promise<boolean> | null = null;

  constructor(options: SyncOptions) {
    this.#o = options;
  }

  /** Asks for everything after the seqs held, round after round while the answer was cut. */
  catchUp(): Promise<boolean> {
    this.#running ??= this.#catchUp().finally(() => (this.#running = null));
    return this.#running;
  }

  async #catchUp(): Promise<boolean> {
    const { store, connection } = this.#o;
    store.update({ syncing: true });
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const { deletedCursor } = store.state;
        const ack = await connection.request<SyncResult>('sync', { conversations: positions(store.state), deletedCursor });
        if (!ack.ok) {
          console.warn('[parley] sync failed', ack.error);
          return false;
        }
        store.update((s) => syncArrived(s, ack.data));
        this.#o.onMessages(ack.data.messages);
        if (!ack.data.hasMore) break;
      }
    } finally {
      store.update({ syncing: false });
    }
    for (const id of Object.keys(store.state.threads)) void this.fillGaps(id);
    return true;
  }

  /** Fetches the messages missing inside a thread (a live event whose seq jumped). */
  fillGaps(conversationId: string): Promise<void> {
    const running = this.#filling.get(conversationId);
    if (running) return running;
    const job = this.#fill(conversationId).finally(() => this.#filling.delete(conversationId));
    this.#filling.set(conversationId, job);
    return job;
  }

  async #fill(conversationId: string): Promise<void> {
    const { store, rest } = this.#o;
    for (let page = 0; page < MAX_GAP_PAGES; page++) {
      const after = firstGap(store.state.threads[conversationId] ?? []);
      if (after === null) return;
      const r = await rest.call<ListMessagesResponse>(
        'GET',
        `/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}&limit=${GAP_PAGE}`,
      );
      store.update((s) => messagesArrived(s, r.messages));
      this.#o.onMessages(r.messages);
      if (r.messages.length === 0) return;
    }
  }

  /** Fetches one conversation's view (missing or stale); concurrent calls share one request. */
  fetchConversation(conversationId: string): Promise<void> {
    const running = this.#fetching.get(conversationId);
    if (running) return running;
    const path = `/conversations/${encodeURIComponent(conversationId)}`;
    const job = this.#o.rest
      .call<ConversationResponse>('GET', path)
      .then(({ conversation }) => this.#o.store.update((s) => conversationsArrived(s, [conversation])))
      .finally(() => this.#fetching.delete(conversationId));
    this.#fetching.set(conversationId, job);
    return job;
  }
}
