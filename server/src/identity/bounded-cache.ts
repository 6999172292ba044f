// A small least-recently-used map whose entries also expire: memory bounded whatever callers ask for.

/** Size, lifetime and clock of a {@link BoundedCache}. */
export interface BoundedCacheOptions {
  /** Entries kept at most; the least recently used one goes first. */
  maxEntries: number;
  /** How long an entry is served after it was stored. */
  ttlMs: number;
  /** The clock, in milliseconds (injectable for tests). */
  now?: () => number;
}

/**
 * A map with at most `maxEntries` entries, each forgotten `ttlMs` after it was set. A Map keeps
 * insertion order, so moving an entry to the end on each hit makes its first key the least recently
 * used one.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor({ maxEntries, ttlMs, now = Date.now }: BoundedCacheOptions) {
    if (!(maxEntries >= 1)) throw new Error('maxEntries must be at least 1');
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Entries held now (expired ones included until they are next touched or pushed out). */
  get size(): number {
    return this.#entries.size;
  }

  /** The value stored for `key`, or undefined when there is none or it expired. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `key`, pushing out the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  /** Forgets one entry. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}
