// Key-value storage behind the cache: IndexedDB through idb-keyval, or memory as the fallback.
import { clear, createStore, delMany, getMany, keys, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import type { StorageKind } from './types.ts';

/** The operations the cache needs. Every method may reject (quota, private mode, closed database). */
export interface KeyValueStorage {
  readonly kind: StorageKind;
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  keys(): Promise<string[]>;
  /** Every key with its value, read in one transaction. */
  entries(): Promise<[string, unknown][]>;
  clear(): Promise<void>;
}

/** One IndexedDB database per name, with a single object store `kv`. */
export function idbStorage(databaseName: string): KeyValueStorage {
  let store: UseStore | null = null;
  const use = () => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    return (store ??= createStore(databaseName, 'kv'));
  };
  return {
    kind: 'indexeddb',
    getMany: async <T>(k: string[]) => (k.length ? getMany<T>(k, use()) : []),
    setMany: async (entries) => (entries.length ? setMany(entries, use()) : undefined),
    delMany: async (k) => (k.length ? delMany(k, use()) : undefined),
    keys: async () => (await keys(use())).map(String),
    // One transaction with two requests (idb-keyval's `entries` also carries a cursor fallback for
    // browsers without getAll, which every browser the widget supports has).
    entries: async () =>
      use()('readonly', async (s) => {
        const [k, values] = await Promise.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())]);
        return k.map((key, i): [string, unknown] => [String(key), values[i]]);
      }),
    clear: async () => clear(use()),
  };
}

/** Storage that lives as long as the page: used when IndexedDB cannot be. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, unknown>();
  // structuredClone keeps memory semantics the same as IndexedDB's: stored values are copies.
  return {
    kind: 'memory',
    getMany: async <T>(k: string[]) => k.map((key) => structuredClone(map.get(key)) as T | undefined),
    setMany: async (entries) => {
      for (const [key, value] of entries) map.set(key, structuredClone(value));
    },
    delMany: async (k) => {
      for (const key of k) map.delete(key);
    },
    keys: async () => [...map.keys()],
    entries: async () => [...map].map(([key, value]): [string, unknown] => [key, structuredClone(value)]),
    clear: async () => map.clear(),
  };
}
