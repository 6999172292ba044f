// A new connection after the database came back: no array-types fetch to lose, so no unhandled rejection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../logger.ts';
import { TcpProxy } from '../testing/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase, withDatabase } from '../testing/test-database.ts';
import { openDatabase, type Database } from './sql.ts';

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  );
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('openDatabase after a lost connection', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    testDb = await createTestDatabase();
    proxy = new TcpProxy({ host: '127.0.0.1', port: Number(new URL(testDb.url).port || 5432) });
    await proxy.start();
    const url = new URL(withDatabase(testDb.url, testDb.name));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', logger: createLogger('silent'), max: 1 });
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await db.close();
    await proxy.cut();
    await testDb.drop();
  });

  it('should parse arrays on a new connection without fetching the types again, so losing it then rejects nothing unhandled', async () => {
    const [first] = await db.sql<{ a: string[] }[]>`SELECT ARRAY['a', 'b']::text[] AS a`;
    assert.deepEqual(first!.a, ['a', 'b'], 'the first connection fetched the array types');

    // Every connection dropped; a new one that asks for the types is dropped as it asks (postgres.js
    // would then reject that fetch with nobody to handle it, and connect again in a loop).
    await proxy.cut();
    proxy.dropWhenClientSends = 'pg_catalog.pg_type';
    await proxy.start();

    // The first query may still meet the old connection before postgres.js has seen it close.
    const query = () => db.sql<{ a: string[] }[]>`SELECT ARRAY['x']::text[] AS a`;
    const [second] = await within(
      query().catch(() => query()),
      10_000,
      'query on a new connection',
    );
    assert.deepEqual(second!.a, ['x'], 'arrays still parsed');
    assert.deepEqual(unhandled, []);
  });
});
