// Catch-up: `sync` after every connect (a change cursor, or a full check first) and gap filling.
import {
  LIMITS,
  type ConversationResponse,
  type ListMessagesResponse,
  type Message,
  type SyncPayload,
  type SyncResult,
} from '../../../protocol/index.ts';
import type { Connection } from './connection.ts';
import { firstGap } from './merge.ts';
import { positions, syncArrived, messagesArrived, conversationsArrived } from './reducers.ts';
import type { RestClient } from './rest.ts';
import type { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** `sync` rounds per catch-up before giving up until the next connect (500 messages per round). */
const MAX_ROUNDS = 50;
/** Waits for a `rate_limited` sync's `retryAfterMs` per catch-up before giving up until the next connect. */
const MAX_WAITS = 3;
/** The longest such wait, whatever the server asks (a budget window is 10 s). */
const MAX_WAIT_MS = 30_000;
/** Pages fetched to fill one gap. */
const MAX_GAP_PAGES = 10;
/** Messages per page when filling a gap: the largest page the server gives. */
const GAP_PAGE = LIMITS.pageMax;

export interface SyncOptions {
  store: Store<ParleyState>;
  connection: Connection;
  rest: RestClient;
  /** Called with the messages each round brought (the outbox reconciles own clientIds). */
  onMessages(messages: Message[]): void;
}

/** Brings the state up to date with the server. */
export class Sync {
  readonly #options: SyncOptions;
  readonly #filling = new Map<string, Promise<void>>();
  readonly #fetching = new Map<string, Promise<void>>();
  #running: Promise<boolean> | null = null;
  /** Requests in flight whose answers carry conversation views (`sync`, one conversation's GET). */
  #viewRequests = 0;
  /** Conversations pushed (`conversation:updated`) while such a request was in flight. */
  readonly #pushedDuring = new Set<string>();

  constructor(options: SyncOptions) {
    this.#options = options;
  }

  /**
   * Asks for what changed since the change cursor, round after round while the answer was cut.
   * Without a cursor (a new device, or one the server reset), checks every conversation held in
   * full first, in requests of at most `syncMaxKnownConversations`, and keeps the first answer's cursor.
   */
  catchUp(): Promise<boolean> {
    this.#running ??= this.#withViews(() => this.#catchUp()).finally(() => (this.#running = null));
    return this.#running;
  }

  /** Notes a pushed view: an answer in flight, computed before the push, must not be the last word on it. */
  viewPushed(conversationId: string): void {
    if (this.#viewRequests > 0) this.#pushedDuring.add(conversationId);
  }

  /**
   * Runs a request whose answer carries conversation views. Its answer may have been computed before a
   * view pushed while it was in flight (a suspension, a rename) and overwrite it: those conversations
   * are fetched again once no such request is left, so the newest view is the one that stays.
   */
  async #withViews<T>(request: () => Promise<T>): Promise<T> {
    this.#viewRequests++;
    try {
      return await request();
    } finally {
      if (--this.#viewRequests === 0 && this.#pushedDuring.size > 0) {
        const ids = [...this.#pushedDuring];
        this.#pushedDuring.clear();
        for (const id of ids) this.refreshConversation(id);
      }
    }
  }

  async #catchUp(): Promise<boolean> {
    const { store, connection } = this.#options;
    store.update({ syncing: true });
    try {
      let waits = 0;
      let check: FullCheck | null = null;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const { changeCursor } = store.state;
        check = changeCursor ? null : (check ?? startCheck(store.state));
        const payload = check ? checkPayload(store.state, check) : { changeCursor };
        const ack = await connection.request<SyncResult>('sync', payload);
        if (!ack.ok) {
          // Other tabs of this user spent the sync budget (a reconnect storm): nothing arrives while
          // connected but live events, so wait for the budget rather than miss what came meanwhile.
          if (ack.error.code === 'rate_limited' && waits++ < MAX_WAITS && connection.connected) {
            await delay(Math.min(ack.error.retryAfterMs ?? LIMITS.syncWindowMs, MAX_WAIT_MS));
            round--;
            continue;
          }
          console.warn('[parley] sync failed', ack.error);
          return false;
        }
        const answer = ack.data;
        if (answer.changeCursorReset) {
          store.update({ changeCursor: null });
          continue;
        }
        store.update((state) => syncArrived(state, answer));
        this.#options.onMessages(answer.messages);
        if (!check) {
          // After the answer's data, never before it: a cursor saved alone would skip what it covers.
          store.update({ changeCursor: answer.changeCursor ?? null });
          if (!answer.hasMore) break;
          continue;
        }
        check.first ??= answer.changeCursor ?? null;
        check.deletedCursor = answer.deletedCursor;
        // Cut: the same conversations again, from the seqs now held; else the next ones.
        if (answer.hasMore) continue;
        check.deletedCursor = check.startDeletedCursor;
        if (++check.chunk < check.chunks.length) continue;
        // Checked in full: from now on, only what changed after the first answer's snapshot.
        store.update({ changeCursor: check.first, deletedCursor: check.first ?? store.state.deletedCursor });
        break;
      }
    } finally {
      store.update({ syncing: false });
    }
    for (const id of Object.keys(store.state.threads)) void this.fillGaps(id);
    return true;
  }

  /** {@link fillGaps} for those of these threads that have a hole (cached messages read after newer ones arrived). */
  fillHoles(conversationIds: readonly string[]): void {
    const { threads } = this.#options.store.state;
    for (const id of conversationIds) if (firstGap(threads[id] ?? []) !== null) void this.fillGaps(id);
  }

  /**
   * Fetches the messages missing inside a thread (a live event whose seq jumped). Never rejects: a
   * failure is logged here, and the hole is filled by the next catch-up or live event.
   */
  fillGaps(conversationId: string): Promise<void> {
    const running = this.#filling.get(conversationId);
    if (running) return running;
    const job = this.#fill(conversationId)
      .catch((err) => console.warn('[parley] gap fill failed', conversationId, err))
      .finally(() => this.#filling.delete(conversationId));
    this.#filling.set(conversationId, job);
    return job;
  }

  async #fill(conversationId: string): Promise<void> {
    const { store, rest } = this.#options;
    for (let page = 0; page < MAX_GAP_PAGES; page++) {
      const after = firstGap(store.state.threads[conversationId] ?? []);
      if (after === null) return;
      const r = await rest.call<ListMessagesResponse>(
        'GET',
        `/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}&limit=${GAP_PAGE}`,
      );
      store.update((state) => messagesArrived(state, r.messages));
      this.#options.onMessages(r.messages);
      if (r.messages.length === 0) return;
    }
  }

  /** {@link fetchConversation} without waiting: a failure is logged, and the next push or catch-up brings the view. */
  refreshConversation(conversationId: string): void {
    this.fetchConversation(conversationId).catch((err) => console.warn('[parley] fetch failed', err));
  }

  /** Fetches one conversation's view (missing or stale); concurrent calls share one request. */
  fetchConversation(conversationId: string): Promise<void> {
    const running = this.#fetching.get(conversationId);
    if (running) return running;
    const path = `/conversations/${encodeURIComponent(conversationId)}`;
    const job = this.#withViews(async () => {
      try {
        const { conversation } = await this.#options.rest.call<ConversationResponse>('GET', path);
        this.#options.store.update((state) => conversationsArrived(state, [conversation]));
      } finally {
        // Before #withViews ends: a fetch again of this conversation must start a new request.
        this.#fetching.delete(conversationId);
      }
    });
    this.#fetching.set(conversationId, job);
    return job;
  }
}

/** A full check in progress: the ids held when it started, named a chunk per request. */
interface FullCheck {
  chunks: string[][];
  chunk: number;
  /** The first answer's change cursor: every change after it comes with the next cursor syncs. */
  first: string | null;
  /** Each chunk starts from the deletion cursor held before the check (each chunk's deletions since). */
  startDeletedCursor: string | null;
  deletedCursor: string | null;
}

function startCheck(state: ParleyState): FullCheck {
  const ids = positions(state).map(([id]) => id);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += LIMITS.syncMaxKnownConversations)
    chunks.push(ids.slice(i, i + LIMITS.syncMaxKnownConversations));
  if (chunks.length === 0) chunks.push([]);
  return { chunks, chunk: 0, first: null, startDeletedCursor: state.deletedCursor, deletedCursor: state.deletedCursor };
}

/** The request for the check's current chunk, from the seqs held now. */
function checkPayload(state: ParleyState, check: FullCheck): SyncPayload {
  const held = new Map(positions(state));
  const named = check.chunks[check.chunk]!.filter((id) => held.has(id));
  return { conversations: Object.fromEntries(named.map((id) => [id, held.get(id)!])), deletedCursor: check.deletedCursor };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
