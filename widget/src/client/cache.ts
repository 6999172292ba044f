// The per-user cache: conversations, the last 200 messages of each (read when needed) and the outbox; batched writes, memory fallback.
import type { Conversation, Message } from '../../../protocol/index.ts';
import { activityOf } from './merge.ts';
import { idbStorage, memoryStorage, type KeyValueStorage } from './storage.ts';
import type { OutboxItem, StorageKind } from './types.ts';

/** Messages kept per conversation on disk: the newest ones. */
export const CACHED_MESSAGES_PER_CONVERSATION = 200;
const FLUSH_DELAY_MS = 250;
const CONVERSATIONS_KEY = 'conversations';
const BLOCKED_KEY = 'blocked';
const CURSOR_KEY = 'deletedCursor';
const CHANGE_CURSOR_KEY = 'changeCursor';
const THREAD_PREFIX = 'thread:';
const OUTBOX_PREFIX = 'outbox:';

/** Threads read with the rest at start: the conversation on screen and the most recently active ones. */
export const THREADS_READ_AT_START = 20;

/** What a previous visit left for this user. */
export interface CachedData {
  conversations: Conversation[];
  /** The threads read at start (see {@link THREADS_READ_AT_START}). */
  threads: Record<string, Message[]>;
  /** Conversations whose cached messages, if any, were left on disk: {@link Cache.loadThreads} reads them. */
  coldThreads: string[];
  outbox: OutboxItem[];
  blocked: string[];
  deletedCursor: string | null;
  changeCursor: string | null;
}

export interface CacheOptions {
  /** The database name: one per server, site and user, so two users never share data. */
  name: string;
  kind?: StorageKind;
  /** The outbox held in memory, copied into the fallback storage when IndexedDB fails. */
  currentOutbox: () => readonly OutboxItem[];
  /** Told once when the cache falls back to memory. */
  onDegraded: (error: unknown) => void;
}

/** Nothing cached: what a new user, or a storage that fails, starts from. */
function emptyData(): CachedData {
  return { conversations: [], threads: {}, coldThreads: [], outbox: [], blocked: [], deletedCursor: null, changeCursor: null };
}

/** Reads and writes one user's data; conversations and threads in batches, outbox items at once. */
export class Cache {
  #storage: KeyValueStorage;
  readonly #options: CacheOptions;
  readonly #pending = new Map<string, unknown>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: CacheOptions) {
    this.#options = options;
    this.#storage = options.kind === 'memory' ? memoryStorage() : idbStorage(options.name);
  }

  get kind(): StorageKind {
    return this.#storage.kind;
  }

  /**
   * Reads what is cached for this user (nothing when the storage fails: it then degrades): everything
   * but the threads, then the threads of `openId` and of the most recently active conversations. The
   * others stay on disk until {@link loadThreads}: reading thousands of threads would hold the first
   * paint of a busy seller's list for seconds.
   */
  async load(openId: string | null = null): Promise<CachedData> {
    try {
      return await this.#run(async (storage) => {
        const cached = emptyData();
        for (const [key, value] of await storage.entriesExcept(THREAD_PREFIX)) {
          if (key === CONVERSATIONS_KEY && Array.isArray(value)) cached.conversations = value as Conversation[];
          else if (key === BLOCKED_KEY && Array.isArray(value)) cached.blocked = value as string[];
          else if (key === CURSOR_KEY && typeof value === 'string') cached.deletedCursor = value;
          else if (key === CHANGE_CURSOR_KEY && typeof value === 'string') cached.changeCursor = value;
          else if (key.startsWith(OUTBOX_PREFIX) && value) cached.outbox.push(value as OutboxItem);
        }
        cached.outbox.sort((a, b) => a.order - b.order);
        const byActivity = cached.conversations
          .map((c) => [activityOf(c), c.id] as const)
          .sort((a, b) => b[0] - a[0])
          .map(([, id]) => id);
        const first = new Set(openId ? [openId] : []);
        for (const id of byActivity) {
          if (first.size >= THREADS_READ_AT_START) break;
          first.add(id);
        }
        cached.threads = await this.#readThreads(storage, [...first]);
        cached.coldThreads = byActivity.filter((id) => !first.has(id));
        return cached;
      });
    } catch (err) {
      console.warn('[parley] the cache could not be read', err);
      return emptyData();
    }
  }

  /** The cached messages of these conversations (those with none are left out); nothing when the storage fails. */
  async loadThreads(conversationIds: readonly string[]): Promise<Record<string, Message[]>> {
    try {
      return await this.#run((storage) => this.#readThreads(storage, conversationIds));
    } catch (err) {
      console.warn('[parley] the cache could not be read', err);
      return {};
    }
  }

  async #readThreads(storage: KeyValueStorage, ids: readonly string[]): Promise<Record<string, Message[]>> {
    const values = await storage.getMany(ids.map((id) => THREAD_PREFIX + id));
    const threads: Record<string, Message[]> = {};
    ids.forEach((id, i) => {
      if (Array.isArray(values[i])) threads[id] = values[i] as Message[];
    });
    return threads;
  }

  /** Queues the conversation list for the next batch. */
  saveConversations(conversations: Conversation[]): void {
    this.#queue(CONVERSATIONS_KEY, conversations);
  }

  /** Queues a conversation's newest messages for the next batch. */
  saveThread(conversationId: string, messages: readonly Message[]): void {
    this.#queue(THREAD_PREFIX + conversationId, messages.slice(-CACHED_MESSAGES_PER_CONVERSATION));
  }

  /** Queues the removal of a conversation's messages (a conversation that is not ours any more). */
  dropThread(conversationId: string): void {
    this.#queue(THREAD_PREFIX + conversationId, undefined);
  }

  /** Queues the sync deletion cursor: written in the same batch as the tombstones it covers. */
  saveCursor(cursor: string | null): void {
    this.#queue(CURSOR_KEY, cursor ?? undefined);
  }

  /**
   * Queues the sync change cursor: in the batch of the data it covers or a later one, never an
   * earlier one (the state moves it after the answer's data).
   */
  saveChangeCursor(cursor: string | null): void {
    this.#queue(CHANGE_CURSOR_KEY, cursor ?? undefined);
  }

  saveBlocked(userIds: string[]): void {
    this.#queue(BLOCKED_KEY, userIds);
  }

  /** Writes the queued batch now. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending];
    this.#pending.clear();
    // An undefined value is a removal (see dropThread).
    const removed = entries.filter(([, v]) => v === undefined).map(([k]) => k);
    await this.#run((storage) =>
      Promise.all([storage.setMany(entries.filter(([, v]) => v !== undefined)), storage.delMany(removed)]),
    ).catch((err) => console.warn('[parley] the cache could not be written', err));
  }

  /** Persists an outbox item before it may be sent; resolves once it is stored (or kept in memory). */
  async saveOutboxItem(item: OutboxItem): Promise<void> {
    await this.#run((storage) => storage.setMany([[OUTBOX_PREFIX + item.clientId, item]]));
  }

  async deleteOutboxItems(clientIds: string[]): Promise<void> {
    await this.#run((storage) => storage.delMany(clientIds.map((id) => OUTBOX_PREFIX + id)));
  }

  /** The outbox as stored, in queue order: every tab of this user shares it. */
  async readOutbox(): Promise<OutboxItem[]> {
    // The outbox keys only, in one request: it is read before every message sent.
    return this.#run(async (storage) => {
      const items = (await storage.entries(OUTBOX_PREFIX)).map(([, item]) => item as OutboxItem).filter(Boolean);
      return items.sort((a, b) => a.order - b.order);
    });
  }

  /** Deletes everything this user has on this device (logout). */
  async wipe(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending.clear();
    await this.#storage.clear().catch((err) => console.warn('[parley] the cache could not be wiped', err));
  }

  #queue(key: string, value: unknown): void {
    this.#pending.set(key, value);
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** Runs an operation; when IndexedDB fails, switches to memory once and runs it there. */
  async #run<T>(op: (storage: KeyValueStorage) => Promise<T>): Promise<T> {
    try {
      return await op(this.#storage);
    } catch (err) {
      if (this.#storage.kind === 'memory') throw err;
      this.#degrade(err);
      return op(this.#storage);
    }
  }

  #degrade(error: unknown): void {
    console.warn('[parley] IndexedDB failed, keeping data in memory for this page', error);
    const memory = memoryStorage();
    // Memory writes finish synchronously, so the outbox is in place before the next read.
    void memory.setMany(this.#options.currentOutbox().map((i) => [OUTBOX_PREFIX + i.clientId, i]));
    this.#storage = memory;
    this.#options.onDegraded(error);
  }
}
