// Coalesces reads by key: lookups asked for while a query runs share the next query (a DataLoader without a timer).

export interface BatchLoaderOptions {
  /** Queries in flight at once. */
  concurrency?: number;
  /** Keys per query at most. */
  maxBatch?: number;
}

/**
 * Loads values for keys in batches. A key asked for while a slot is free is loaded at once; keys asked
 * for while every slot is busy wait for the next query, which starts after the request was made, so a
 * load always sees every write committed before it was asked for. The same key asked twice in one
 * batch is loaded once.
 */
export class BatchLoader<K, V> {
  readonly #load: (keys: K[]) => Promise<V[]>;
  readonly #id: (key: K) => string;
  readonly #concurrency: number;
  readonly #maxBatch: number;
  #pending = new Map<string, { key: K; waiters: Array<{ resolve: (v: V) => void; reject: (e: unknown) => void }> }>();
  #running = 0;

  /** `load` answers for each key, in order; `id` names a key (keys with the same id are one key). */
  constructor(load: (keys: K[]) => Promise<V[]>, id: (key: K) => string, { concurrency = 2, maxBatch = 500 }: BatchLoaderOptions = {}) {
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
    while (this.#running < this.#concurrency && this.#pending.size > 0) {
      const batch = [...this.#pending.values()].slice(0, this.#maxBatch);
      for (const entry of batch) this.#pending.delete(this.#id(entry.key));
      this.#running++;
      this.#load(batch.map((e) => e.key))
        .then(
          (values) => batch.forEach((e, i) => e.waiters.forEach((w) => w.resolve(values[i]!))),
          (err) => batch.forEach((e) => e.waiters.forEach((w) => w.reject(err))),
        )
        .finally(() => {
          this.#running--;
          this.#pump();
        });
    }
  }
}
