// Key-value storage behind the cache: IndexedDB through idb-keyval, or memory as the fallback.
import { clear, createStore, delMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import type { StorageKind } from './types.ts';

/** The operations the cache needs. Every method may reject (quota, private mode, closed database). */
export interface KeyValueStorage {
  readonly kind: StorageKind;
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  /** Every key with its value (only the keys starting with `prefix`, when given), read in one transaction. */
  entries(prefix?: string): Promise<[string, unknown][]>;
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
    setMany: async (entries) => (entries.length ? setMany(entries, use()) : undefined),
    delMany: async (k) => (k.length ? delMany(k, use()) : undefined),
    // One transaction with two requests (idb-keyval's `entries` also carries a cursor fallback for
    // browsers without getAll, which every browser the widget supports has). Keys are strings.
    entries: async (prefix) =>
      use()('readonly', async (s) => {
        const range = prefix === undefined ? undefined : IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        const [k, values] = await Promise.all([promisifyRequest(s.getAllKeys(range)), promisifyRequest(s.getAll(range))]);
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
    setMany: async (entries) => {
      for (const [key, value] of entries) map.set(key, structuredClone(value));
    },
    delMany: async (k) => {
      for (const key of k) map.delete(key);
    },
    entries: async (prefix = '') =>
      [...map].filter(([key]) => key.startsWith(prefix)).map(([key, value]): [string, unknown] => [key, structuredClone(value)]),
    clear: async () => map.clear(),
  };
}
