// Key-value storage behind the cache: IndexedDB through idb-keyval, or memory as the fallback.
import { clear, createStore, delMany, getMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import type { StorageKind } from './types.ts';

/** The operations the cache needs. Every method may reject (quota, private mode, closed database). */
export interface KeyValueStorage {
  readonly kind: StorageKind;
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  /** Every key with its value (only the keys starting with `prefix`, when given), read in one transaction. */
  entries(prefix?: string): Promise<[string, unknown][]>;
  /** Every key with its value but those starting with `prefix`, read in one transaction. */
  entriesExcept(prefix: string): Promise<[string, unknown][]>;
  /** The values of `keys` in order (undefined where a key is absent), read in one transaction. */
  getMany(keys: string[]): Promise<unknown[]>;
  clear(): Promise<void>;
}

/**
 * One IndexedDB database per name, with a single object store `kv`. A connection the browser closed
 * under the page (Safari's "Connection to Indexed Database server lost", a deleted database) is opened
 * again once before an operation fails; quota and other errors reject at once.
 */
export function idbStorage(databaseName: string): KeyValueStorage {
  let store: UseStore | null = null;
  const open = () => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    return (store ??= createStore(databaseName, 'kv'));
  };
  const use = async <T>(op: (s: UseStore) => Promise<T>): Promise<T> => {
    const current = open();
    try {
      return await op(current);
    } catch (err) {
      if (!isClosedConnection(err)) throw err;
      if (store === current) store = null;
      return op(open());
    }
  };
  return {
    kind: 'indexeddb',
    setMany: async (entries) => (entries.length ? use((s) => setMany(entries, s)) : undefined),
    delMany: async (k) => (k.length ? use((s) => delMany(k, s)) : undefined),
    // One transaction with two requests (idb-keyval's `entries` also carries a cursor fallback for
    // browsers without getAll, which every browser the widget supports has). Keys are strings.
    entries: async (prefix) =>
      use((s) =>
        s('readonly', (objectStore) =>
          readRange(objectStore, prefix === undefined ? undefined : IDBKeyRange.bound(prefix, `${prefix}\uffff`)),
        ),
      ),
    entriesExcept: async (prefix) =>
      use((s) =>
        s('readonly', async (objectStore) => {
          const [before, after] = await Promise.all([
            readRange(objectStore, IDBKeyRange.upperBound(prefix, true)),
            readRange(objectStore, IDBKeyRange.lowerBound(`${prefix}\uffff`, true)),
          ]);
          return [...before, ...after];
        }),
      ),
    getMany: async (keys) => (keys.length ? use((s) => getMany(keys, s)) : []),
    clear: async () => use((s) => clear(s)),
  };
}

/** The keys and values of one key range, in two requests of the caller's transaction. */
async function readRange(objectStore: IDBObjectStore, range: IDBKeyRange | undefined): Promise<[string, unknown][]> {
  const [keys, values] = await Promise.all([
    promisifyRequest(objectStore.getAllKeys(range)),
    promisifyRequest(objectStore.getAll(range)),
  ]);
  return keys.map((key, i): [string, unknown] => [String(key), values[i]]);
}

/** The connection is gone (closed by the browser or by a version change), not the database: opening it again may work. */
function isClosedConnection(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  const message = String((err as { message?: unknown } | null)?.message ?? '');
  return name === 'InvalidStateError' || /connection.*(lost|clos)/i.test(message);
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
    entriesExcept: async (prefix) =>
      [...map].filter(([key]) => !key.startsWith(prefix)).map(([key, value]): [string, unknown] => [key, structuredClone(value)]),
    getMany: async (keys) => keys.map((key) => structuredClone(map.get(key))),
    clear: async () => map.clear(),
  };
}
