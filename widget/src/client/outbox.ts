// The outbox: each message is stored before it is sent, then drained in order by one tab at a time.
import { type Message, PERMANENT_ERROR_CODES } from '../../../protocol/index.ts';
import { backoffDelay } from './backoff.ts';
import type { Cache } from './cache.ts';
import type { Connection } from './connection.ts';
import { newClientId } from './ids.ts';
import type { Store } from './store.ts';
import type { OutboxItem, ParleyState } from './types.ts';

export interface OutboxOptions {
  store: Store<ParleyState>;
  cache: Cache;
  connection: Connection;
  /** The Web Lock every tab of this user takes to drain: only one sends at a time. */
  lockName: string;
  /** The server stored the message: fold it into the state (the item is removed by then). */
  onAcked(message: Message): void;
  /** The server refused the message for good. */
  onFailed(item: OutboxItem): void;
}

let counter = 0;

/** Queue order: time first (shared by the tabs of a browser), then a per-page counter. */
function nextOrder(): number {
  counter = (counter + 1) % 1000;
  return Date.now() * 1000 + counter;
}

/** Persists, drains, retries and fails outbox items. The server's clientId dedupe backs up the lock. */
export class Outbox {
  readonly #o: OutboxOptions;
  #active = true;
  #running: Promise<void> | null = null;
  #again = false;
  #wake: (() => void) | null = null;
  /** Items this instance knows to be in storage: gone from it means another tab sent them. */
  readonly #persisted = new Set<string>();

  constructor(options: OutboxOptions) {
    this.#o = options;
  }

  /** Takes over the items read from the cache (the client puts them in the state with the rest of the cache). */
  load(items: OutboxItem[]): void {
    for (const i of items) this.#persisted.add(i.clientId);
  }

  /** Queues a message: in the state at once, in storage before anything is sent. */
  async add(input: { conversationId: string; body: string; replyTo: string | null }): Promise<OutboxItem> {
    const item: OutboxItem = {
      ...input,
      clientId: newClientId(),
      order: nextOrder(),
      createdAt: new Date().toISOString(),
      status: 'pending',
      error: null,
    };
    this.#o.store.update((s) => ({ outbox: [...s.outbox, item] }));
    await this.#o.cache.saveOutboxItem(item);
    this.#persisted.add(item.clientId);
    void this.drain();
    return item;
  }

  /** Queues a failed message again, at the end, under a new clientId (the old one was never stored). */
  async retry(clientId: string): Promise<void> {
    const old = this.#o.store.state.outbox.find((i) => i.clientId === clientId);
    if (!old) return;
    await this.discard(clientId);
    await this.add({ conversationId: old.conversationId, body: old.body, replyTo: old.replyTo });
  }

  /** Removes an item for good. */
  async discard(clientId: string): Promise<void> {
    this.forget([clientId]);
    await this.#o.cache.deleteOutboxItems([clientId]).catch((err) => console.warn('[parley] outbox delete failed', err));
  }

  /** Drops items from the state (their message arrived from the server). */
  forget(clientIds: string[]): void {
    const ids = new Set(clientIds);
    if (!this.#o.store.state.outbox.some((i) => ids.has(i.clientId))) return;
    for (const id of ids) this.#persisted.delete(id);
    this.#o.store.update((s) => ({ outbox: s.outbox.filter((i) => !ids.has(i.clientId)) }));
  }

  /** Sends everything pending, in order, while connected. Safe to call often. */
  drain(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#withLock(() => this.#run())
      .catch((err) => console.warn('[parley] outbox drain stopped', err))
      .finally(() => {
        this.#running = null;
        if (this.#again && this.#active) {
          this.#again = false;
          void this.drain();
        }
      });
    return this.#running;
  }

  /** Stops draining (logout, another user, disposal). */
  stop(): void {
    this.#active = false;
    this.#wake?.();
  }

  async #withLock(run: () => Promise<void>): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return run();
    await locks.request(this.#o.lockName, () => (this.#active ? run() : undefined));
  }

  async #run(): Promise<void> {
    const { store, cache, connection } = this.#o;
    let attempt = 0;
    while (this.#active && connection.connected) {
      this.#again = false;
      const item = (await this.#reconcile()).find((i) => i.status === 'pending');
      if (!item || !this.#active) return;
      store.update({ sending: item.clientId });
      const { conversationId, clientId, body, replyTo } = item;
      const ack = await connection.request<Message>('message:send', { conversationId, clientId, body, replyTo });
      store.update({ sending: null });
      if (ack.ok) {
        attempt = 0;
        this.#o.onAcked(ack.data);
        await cache.deleteOutboxItems([clientId]);
      } else if (PERMANENT_ERROR_CODES.has(ack.error.code)) {
        attempt = 0;
        const failed: OutboxItem = { ...item, status: 'failed', error: ack.error };
        await cache.saveOutboxItem(failed);
        store.update((s) => ({ outbox: s.outbox.map((i) => (i.clientId === clientId ? failed : i)) }));
        this.#o.onFailed(failed);
      } else {
        if (!connection.connected) return; // drained again on reconnect
        await this.#sleep(ack.error.retryAfterMs ?? backoffDelay(++attempt));
      }
    }
  }

  /**
   * Reads the shared outbox and aligns the state with it: items another tab (or a previous page)
   * queued appear, items another tab sent disappear, and items whose message we already hold are
   * removed from storage (their ack was lost).
   */
  async #reconcile(): Promise<OutboxItem[]> {
    const { store, cache } = this.#o;
    const stored = await cache.readOutbox();
    const s = store.state;
    const me = s.me?.userId;
    const delivered = (i: OutboxItem) => s.threads[i.conversationId]?.some((m) => m.clientId === i.clientId && m.senderId === me);
    const done = stored.filter(delivered);
    if (done.length) await cache.deleteOutboxItems(done.map((i) => i.clientId));
    const live = stored.filter((i) => !delivered(i));
    const liveIds = new Map(live.map((i) => [i.clientId, i]));
    const kept = s.outbox.filter((i) => liveIds.has(i.clientId) || !this.#persisted.has(i.clientId));
    const keptIds = new Set(kept.map((i) => i.clientId));
    const next = [...kept.map((i) => liveIds.get(i.clientId) ?? i), ...live.filter((i) => !keptIds.has(i.clientId))];
    next.sort((a, b) => a.order - b.order);
    for (const i of live) this.#persisted.add(i.clientId);
    if (!sameItems(next, s.outbox)) store.update({ outbox: next });
    return live;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
  }
}

function sameItems(a: readonly OutboxItem[], b: readonly OutboxItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.clientId === b[i]!.clientId && x.status === b[i]!.status);
}
