// The per-user cache: conversations, the last 200 messages of each and the outbox; batched writes, memory fallback.
import type { Conversation, Message } from '../../../protocol/index.ts';
import { idbStorage, memoryStorage, type KeyValueStorage } from './storage.ts';
import type { OutboxItem, StorageKind } from './types.ts';

/** Messages kept per conversation on disk: the newest ones. */
export const CACHED_MESSAGES_PER_CONVERSATION = 200;
const FLUSH_DELAY_MS = 250;
const CONVERSATIONS_KEY = 'conversations';
const BLOCKED_KEY = 'blocked';
const CURSOR_KEY = 'deletedCursor';
const THREAD_PREFIX = 'thread:';
const OUTBOX_PREFIX = 'outbox:';

/** What a previous visit left for this user. */
export interface CachedData {
  conversations: Conversation[];
  threads: Record<string, Message[]>;
  outbox: OutboxItem[];
  blocked: string[];
  deletedCursor: string | null;
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
  return { conversations: [], threads: {}, outbox: [], blocked: [], deletedCursor: null };
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

  /** Reads everything cached for this user (nothing when the storage fails: it then degrades). */
  async load(): Promise<CachedData> {
    try {
      return await this.#run(async (s) => {
        // Everything in one transaction: a second round trip (keys, then values) costs a few ms on
        // every opening of the chat.
        const cached = emptyData();
        for (const [key, value] of await s.entries()) {
          if (key === CONVERSATIONS_KEY && Array.isArray(value)) cached.conversations = value as Conversation[];
          else if (key === BLOCKED_KEY && Array.isArray(value)) cached.blocked = value as string[];
          else if (key === CURSOR_KEY && typeof value === 'string') cached.deletedCursor = value;
          else if (key.startsWith(THREAD_PREFIX) && Array.isArray(value)) cached.threads[key.slice(THREAD_PREFIX.length)] = value as Message[];
          else if (key.startsWith(OUTBOX_PREFIX) && value) cached.outbox.push(value as OutboxItem);
        }
        cached.outbox.sort((a, b) => a.order - b.order);
        return cached;
      });
    } catch (err) {
      console.warn('[parley] the cache could not be read', err);
      return emptyData();
    }
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
    await this.#run((s) => Promise.all([s.setMany(entries.filter(([, v]) => v !== undefined)), s.delMany(removed)])).catch((err) =>
      console.warn('[parley] the cache could not be written', err),
    );
  }

  /** Persists an outbox item before it may be sent; resolves once it is stored (or kept in memory). */
  async saveOutboxItem(item: OutboxItem): Promise<void> {
    await this.#run((s) => s.setMany([[OUTBOX_PREFIX + item.clientId, item]]));
  }

  async deleteOutboxItems(clientIds: string[]): Promise<void> {
    await this.#run((s) => s.delMany(clientIds.map((id) => OUTBOX_PREFIX + id)));
  }

  /** The outbox as stored, in queue order: every tab of this user shares it. */
  async readOutbox(): Promise<OutboxItem[]> {
    // The outbox keys only, in one request: it is read before every message sent.
    return this.#run(async (s) => {
      const items = (await s.entries(OUTBOX_PREFIX)).map(([, item]) => item as OutboxItem).filter(Boolean);
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
  async #run<T>(op: (s: KeyValueStorage) => Promise<T>): Promise<T> {
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
