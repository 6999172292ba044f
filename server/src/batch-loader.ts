// Coalesces reads by key: lookups asked for while a query runs share the next query (a DataLoader without a timer).

export interface BatchLoaderOptions {
  /** Queries in flight at once. */
  concurrency?: number;
  /** Keys per query at most. */
  maxBatch?: number;
}

interface Pending<K, V> {
  key: K;
  waiters: Array<{ resolve: (v: V) => void; reject: (e: unknown) => void }>;
}

/**
 * Loads values for keys in batches. A key asked for while a slot is free is loaded at once; keys asked
 * for while every slot is busy wait for the next query, which starts after the request was made, so a
 * load always sees every write committed before it was asked for. The same key asked twice in one
 * batch is loaded once. A key whose query is running waits for it to finish before it is loaded again,
 * so answers for one key arrive in the order they were asked for: a slow earlier query never answers
 * after a quicker later one (an unread count of 1 pushed after the 2 that followed it).
 */
export class BatchLoader<K, V> {
  readonly #load: (keys: K[]) => Promise<V[]>;
  readonly #id: (key: K) => string;
  readonly #concurrency: number;
  readonly #maxBatch: number;
  #pending = new Map<string, Pending<K, V>>();
  /** Ids of the keys whose query is running. */
  readonly #inFlight = new Set<string>();
  #running = 0;

  /** `load` answers for each key, in order; `id` names a key (keys with the same id are one key). */
  constructor(
    load: (keys: K[]) => Promise<V[]>,
    id: (key: K) => string,
    { concurrency = 2, maxBatch = 500 }: BatchLoaderOptions = {},
  ) {
    this.#load = load;
    this.#id = id;
    this.#concurrency = concurrency;
    this.#maxBatch = maxBatch;
  }

  load(key: K): Promise<V> {
    return new Promise((resolve, reject) => {
      const id = this.#id(key);
      const entry = this.#pending.get(id);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.#pending.set(id, { key, waiters: [{ resolve, reject }] });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const batch: Array<Pending<K, V>> = [];
      for (const [id, entry] of this.#pending) {
        if (batch.length >= this.#maxBatch) break;
        if (!this.#inFlight.has(id)) batch.push(entry);
      }
      if (batch.length === 0) return;
      const ids = batch.map((e) => this.#id(e.key));
      for (const id of ids) (this.#pending.delete(id), this.#inFlight.add(id));
      this.#running++;
      this.#loadSafely(batch.map((e) => e.key))
        .then(
          (values) => batch.forEach((e, i) => e.waiters.forEach((w) => w.resolve(values[i]!))),
          (err) => batch.forEach((e) => e.waiters.forEach((w) => w.reject(err))),
        )
        .finally(() => {
          for (const id of ids) this.#inFlight.delete(id);
          this.#running--;
          this.#pump();
        });
    }
  }

  /** The load's promise; a load that throws at once rejects it, so its waiters settle and its slot and keys are freed. */
  #loadSafely(keys: K[]): Promise<V[]> {
    try {
      return this.#load(keys);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
