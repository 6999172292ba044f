// The signed-in user's part of the client: their cache and outbox, opened when a token names them, wiped on logout.
import type { Message } from '../../../protocol/index.ts';
import { Cache } from './cache.ts';
import type { Connection } from './connection.ts';
import { Outbox } from './outbox.ts';
import type { RestClient } from './rest.ts';
import { fromCache, initialState, threadsWarmed } from './reducers.ts';
import type { Store } from './store.ts';
import type { Identity, OutboxItem, ParleyState, StorageKind } from './types.ts';

/** What the session tells the client it belongs to. */
export interface SessionDelegate {
  /** The server stored one of the user's queued messages: fold it into the state. */
  messageAcked(message: Message): void;
  /** The server refused a queued message for good. */
  messageFailed(item: OutboxItem): void;
  /** Cached threads were read into the state: any hole between them and what arrived since is to be filled. */
  threadsWarmed(conversationIds: readonly string[]): void;
}

/** Cold threads read per step in the background, after the first paint. */
const WARM_CHUNK = 200;
/** How long after the start the background reading begins: the list paints first. */
const WARM_DELAY_MS = 300;

/** What a {@link UserSession} works with. */
export interface SessionOptions {
  store: Store<ParleyState>;
  connection: Connection;
  /** The Parley server: one cache per server, site and user. */
  server: string;
  storage?: StorageKind;
  delegate: SessionDelegate;
  /** Uploads the photos the outbox holds. */
  upload: RestClient['upload'];
}

/** One user's cache and outbox on this device; replaced when another user signs in. */
export class UserSession {
  readonly #options: SessionOptions;
  #cache: Cache | null = null;
  #outbox: Outbox | null = null;
  #stopWatching: (() => void) | null = null;
  /** Cold threads being read now, each with the read under way. */
  #warming = new Map<string, Promise<void>>();
  /** Thread arrays exactly as read from disk: nothing to write back. */
  #fromDisk = new WeakSet<readonly Message[]>();

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  /** The signed-in user's outbox, or null while nobody is. */
  get outbox(): Outbox | null {
    return this.#outbox;
  }

  /** Switches to `identity`: the previous user's cache is flushed, this one's read into the state. */
  async open(identity: Identity): Promise<void> {
    const { store, connection, server, storage, delegate, upload } = this.#options;
    this.#outbox?.stop();
    // No await without a previous cache: each one lets the elements render before the cache is opened.
    if (this.#cache) await this.#cache.flush();
    const name = `parley:${new URL(server, globalThis.location?.href).origin}:${identity.siteId}:${identity.userId}`;
    store.update({ ...initialState(store.state.view), status: connection.status, me: identity, auth: 'signed-in' });
    const cache = new Cache({
      name,
      kind: storage,
      currentOutbox: () => store.state.outbox,
      onDegraded: () => store.update({ storage: 'memory' }),
    });
    this.#cache = cache;
    this.#warming = new Map();
    this.#fromDisk = new WeakSet();
    const cached = await cache.load(store.state.view.conversationId);
    for (const thread of Object.values(cached.threads)) this.#fromDisk.add(thread);
    this.#outbox = new Outbox({
      store,
      cache,
      connection,
      lockName: `parley-outbox:${name}`,
      onAcked: (message) => delegate.messageAcked(message),
      onFailed: (item) => delegate.messageFailed(item),
      upload,
    });
    this.#outbox.load(cached.outbox);
    // One state change for everything the cache held: each one re-renders every element.
    store.update({ ...fromCache(cached), storage: cache.kind });
    this.#watch(cache);
    if (cached.coldThreads.length) {
      setTimeout(
        () => this.#warmRest(cache).catch((err) => console.warn('[parley] reading cached threads failed', err)),
        WARM_DELAY_MS,
      );
    }
  }

  /** Own messages the server has: their outbox items are done, here and in storage. */
  delivered(messages: readonly Message[]): void {
    const me = this.#options.store.state.me?.userId;
    const done = messages.filter((m) => m.senderId === me).map((m) => m.clientId);
    if (done.length === 0) return;
    this.#outbox?.forget(done);
    void this.#cache?.deleteOutboxItems(done).catch((err) => console.warn('[parley] outbox cleanup failed', err));
  }

  /** Sends what the outbox holds (after a connect or a refresh). */
  drain(): void {
    void this.#outbox?.drain();
  }

  /** Writes pending cache batches now. */
  async flush(): Promise<void> {
    await this.#cache?.flush();
  }

  /** Stops sending (the client is disposed); the cache stays for the next page. */
  stop(): void {
    this.#outbox?.stop();
  }

  /** Deletes this user's cache and outbox on this device. */
  async wipe(): Promise<void> {
    await this.#cache?.wipe();
    this.#stopWatching?.();
    this.#cache = null;
    this.#outbox = null;
  }

  /**
   * Writes conversations and threads to the cache whenever they change (batched by the cache). A cold
   * thread that changed is read first: writing it now would replace its cached messages.
   */
  #watch(cache: Cache): void {
    this.#stopWatching?.();
    this.#stopWatching = this.#options.store.subscribe((state, previous) => {
      if (state.me !== previous.me) return;
      if (state.conversations !== previous.conversations) cache.saveConversations(Object.values(state.conversations));
      if (state.blocked !== previous.blocked) cache.saveBlocked(Object.keys(state.blocked));
      if (state.deletedCursor !== previous.deletedCursor) cache.saveCursor(state.deletedCursor);
      if (state.changeCursor !== previous.changeCursor) cache.saveChangeCursor(state.changeCursor);
      const warm: string[] = [];
      if (state.threads !== previous.threads || state.coldThreads !== previous.coldThreads) {
        for (const [id, thread] of Object.entries(state.threads)) {
          if (thread === previous.threads[id]) continue;
          if (state.coldThreads[id]) warm.push(id);
          else if (!this.#fromDisk.has(thread)) cache.saveThread(id, thread);
        }
        for (const id in previous.threads) if (!state.threads[id] && !state.coldThreads[id]) cache.dropThread(id);
        // Left cold without being read (reloaded, gone): its copy on disk goes too.
        for (const id in previous.coldThreads) {
          if (!state.coldThreads[id] && !state.threads[id] && !this.#warming.has(id)) cache.dropThread(id);
        }
      }
      const open = state.view.conversationId;
      if (open && open !== previous.view.conversationId && state.coldThreads[open]) warm.push(open);
      if (warm.length) void this.#warm(cache, warm);
    });
  }

  /** Reads cold threads into the state (see {@link threadsWarmed}); resolves when those already being read are in too. */
  async #warm(cache: Cache, ids: readonly string[]): Promise<void> {
    const { store, delegate } = this.#options;
    const cold = ids.filter((id) => store.state.coldThreads[id]);
    const running = cold.flatMap((id) => this.#warming.get(id) ?? []);
    const wanted = cold.filter((id) => !this.#warming.has(id));
    if (wanted.length) {
      const read = this.#read(cache, wanted);
      for (const id of wanted) this.#warming.set(id, read);
      running.push(read);
    }
    await Promise.all(running);
    if (wanted.length && this.#cache === cache) delegate.threadsWarmed(wanted);
  }

  async #read(cache: Cache, ids: string[]): Promise<void> {
    try {
      const threads = await cache.loadThreads(ids);
      if (this.#cache !== cache) return;
      for (const thread of Object.values(threads)) this.#fromDisk.add(thread);
      this.#options.store.update((state) => threadsWarmed(state, threads, ids));
    } finally {
      for (const id of ids) this.#warming.delete(id);
    }
  }

  /** Reads every thread still on disk into the state now (the offline search looks through them all). */
  async readAllThreads(): Promise<void> {
    const cache = this.#cache;
    const cold = Object.keys(this.#options.store.state.coldThreads);
    if (cache && cold.length) await this.#warm(cache, cold);
  }

  /** Reads every cold thread left, a chunk at a time, yielding to the page between chunks (offline search sees them all then). */
  async #warmRest(cache: Cache): Promise<void> {
    while (this.#cache === cache) {
      const next = Object.keys(this.#options.store.state.coldThreads)
        .filter((id) => !this.#warming.has(id))
        .slice(0, WARM_CHUNK);
      if (next.length === 0) return;
      await this.#warm(cache, next);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
