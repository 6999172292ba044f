// The outbox: each message is stored before it is sent, then drained in order by one tab at a time.
import { type ErrorBody, type Message, PERMANENT_ERROR_CODES } from '../../../protocol/index.ts';
import { backoffDelay } from './backoff.ts';
import type { Cache } from './cache.ts';
import type { Connection } from './connection.ts';
import { newClientId } from './ids.ts';
import type { Store } from './store.ts';
import type { ParleyClientError, RestClient } from './rest.ts';
import type { OutboxItem, OutboxPhoto, ParleyState } from './types.ts';

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
  /** Uploads a photo chosen offline before its message is sent. */
  upload: RestClient['upload'];
}

let counter = 0;

/** Queue order: time first (shared by the tabs of a browser), then a per-page counter. */
function nextOrder(): number {
  counter = (counter + 1) % 1000;
  return Date.now() * 1000 + counter;
}

/** Persists, drains, retries and fails outbox items. The server's clientId dedupe backs up the lock. */
export class Outbox {
  readonly #options: OutboxOptions;
  #active = true;
  #running: Promise<void> | null = null;
  #again = false;
  #wake: (() => void) | null = null;
  /** Items this instance knows to be in storage: gone from it means another tab sent them. */
  readonly #persisted = new Set<string>();
  /** Items the user discarded here: a read of the storage that began before their deletion must not bring them back. */
  readonly #discarded = new Set<string>();

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /** Takes over the items read from the cache (the client puts them in the state with the rest of the cache). */
  load(items: OutboxItem[]): void {
    for (const i of items) this.#persisted.add(i.clientId);
  }

  /**
   * Queues a message: stored first, then shown as queued (a message is never shown queued unless it is
   * stored; when IndexedDB refuses, the cache keeps it in memory and the user is told), then sent.
   */
  async add(input: {
    conversationId: string;
    body: string;
    replyTo: string | null;
    photos?: OutboxPhoto[];
  }): Promise<OutboxItem> {
    const { photos, ...fields } = input;
    const item: OutboxItem = {
      ...fields,
      ...(photos?.length ? { photos } : {}),
      clientId: newClientId(),
      order: nextOrder(),
      createdAt: new Date().toISOString(),
      status: 'pending',
      error: null,
    };
    await this.#options.cache.saveOutboxItem(item);
    this.#persisted.add(item.clientId);
    this.#options.store.update((state) => ({ outbox: [...state.outbox, item] }));
    void this.drain();
    return item;
  }

  /** Queues a failed message again, at the end, under a new clientId (the old one was never stored). */
  async retry(clientId: string): Promise<void> {
    const old = this.#options.store.state.outbox.find((i) => i.clientId === clientId);
    if (!old) return;
    await this.discard(clientId);
    // Uploaded again: the refusal may be an upload that expired while the message waited.
    const photos = old.photos?.map((p) => ({ ...p, uploadId: null }));
    await this.add({ conversationId: old.conversationId, body: old.body, replyTo: old.replyTo, photos });
  }

  /** Removes an item for good. */
  async discard(clientId: string): Promise<void> {
    this.#discarded.add(clientId);
    this.forget([clientId]);
    await this.#options.cache.deleteOutboxItems([clientId]).catch((err) => console.warn('[parley] outbox delete failed', err));
  }

  /** Drops items from the state (their message arrived from the server). */
  forget(clientIds: string[]): void {
    const ids = new Set(clientIds);
    if (!this.#options.store.state.outbox.some((i) => ids.has(i.clientId))) return;
    for (const id of ids) this.#persisted.delete(id);
    this.#options.store.update((state) => ({ outbox: state.outbox.filter((i) => !ids.has(i.clientId)) }));
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
    await locks.request(this.#options.lockName, () => (this.#active ? run() : undefined));
  }

  async #run(): Promise<void> {
    const { store, cache, connection } = this.#options;
    let attempt = 0;
    while (this.#active && connection.connected) {
      this.#again = false;
      const item = (await this.#reconcile()).find((i) => i.status === 'pending');
      if (!item || !this.#active) return;
      const { conversationId, clientId, body, replyTo } = item;
      const uploaded = item.photos?.length ? await this.#uploadPhotos(item) : { ok: true as const, data: [] };
      const ack = uploaded.ok
        ? await connection.request<Message>('message:send', {
            conversationId,
            clientId,
            body,
            replyTo,
            ...(uploaded.data.length ? { attachments: uploaded.data } : {}),
          })
        : uploaded;
      if (ack.ok) {
        attempt = 0;
        this.#options.onAcked(ack.data);
        await cache.deleteOutboxItems([clientId]);
      } else if (PERMANENT_ERROR_CODES.has(ack.error.code)) {
        attempt = 0;
        const failed: OutboxItem = { ...item, status: 'failed', error: ack.error };
        await cache.saveOutboxItem(failed);
        store.update((state) => ({ outbox: state.outbox.map((i) => (i.clientId === clientId ? failed : i)) }));
        this.#options.onFailed(failed);
      } else {
        if (!connection.connected) return; // drained again on reconnect
        await this.#sleep(ack.error.retryAfterMs ?? backoffDelay(++attempt));
      }
    }
  }

  /**
   * Uploads the item's photos not uploaded yet, keeping each id in storage as soon as it is known
   * (a reload then sends the same uploads, never uploads twice); answers like an ack.
   */
  async #uploadPhotos(item: OutboxItem): Promise<{ ok: true; data: string[] } | { ok: false; error: ErrorBody }> {
    const photos = [...item.photos!];
    for (const [i, photo] of photos.entries()) {
      if (photo.uploadId) continue;
      try {
        photos[i] = { ...photo, uploadId: (await this.#options.upload(photo.blob)).id };
      } catch (err) {
        const { code = 'unavailable', message = String(err), retryAfterMs } = err as Partial<ParleyClientError>;
        return { ok: false, error: { code, message, ...(retryAfterMs ? { retryAfterMs } : {}) } };
      }
      const updated: OutboxItem = { ...item, photos };
      await this.#options.cache.saveOutboxItem(updated);
      this.#options.store.update((state) => ({ outbox: state.outbox.map((o) => (o.clientId === item.clientId ? updated : o)) }));
    }
    return { ok: true, data: photos.map((p) => p.uploadId!) };
  }

  /**
   * Reads the shared outbox and aligns the state with it: items another tab (or a previous page)
   * queued appear, items another tab sent disappear, and items whose message we already hold are
   * removed from storage (their ack was lost).
   */
  async #reconcile(): Promise<OutboxItem[]> {
    const { store, cache } = this.#options;
    const stored = await cache.readOutbox();
    const state = store.state;
    const me = state.me?.userId;
    const delivered = (i: OutboxItem) =>
      state.threads[i.conversationId]?.some((m) => m.clientId === i.clientId && m.senderId === me);
    const done = stored.filter(delivered);
    if (done.length) await cache.deleteOutboxItems(done.map((i) => i.clientId));
    const live = stored.filter((i) => !delivered(i) && !this.#discarded.has(i.clientId));
    const liveIds = new Map(live.map((i) => [i.clientId, i]));
    const kept = state.outbox.filter((i) => liveIds.has(i.clientId) || !this.#persisted.has(i.clientId));
    const keptIds = new Set(kept.map((i) => i.clientId));
    const next = [...kept.map((i) => liveIds.get(i.clientId) ?? i), ...live.filter((i) => !keptIds.has(i.clientId))];
    next.sort((a, b) => a.order - b.order);
    for (const i of live) this.#persisted.add(i.clientId);
    if (!sameItems(next, state.outbox)) store.update({ outbox: next });
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
