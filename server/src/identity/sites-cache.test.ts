// The site cache stays bounded whatever `kid`s callers invent, and forgets an unknown id soon.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { BoundedCache } from './bounded-cache.ts';
import { SitesRepository } from './sites.repository.ts';

describe('BoundedCache', () => {
  it('should push out the least recently used entry when full', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2, ttlMs: 1000, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1); // a is now the most recently used
    cache.set('c', 3);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [1, undefined, 3]);
    assert.equal(cache.size, 2);
  });

  it('should forget an entry once its time is up', () => {
    let now = 0;
    const cache = new BoundedCache<string, number>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    now = 99;
    assert.equal(cache.get('a'), 1);
    now = 100;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0, 'an expired entry is dropped when touched');
  });
});

describe('SitesRepository cache', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase({ max: 2 });
  });
  after(() => db.drop());

  it('should keep at most maxCachedUnknown unknown ids, however many are tried', async () => {
    const sites = new SitesRepository(db.sql, { maxCachedUnknown: 50 });
    await sites.upsert({ id: 'real', name: 'Real', allowedOrigins: [] });
    assert.ok(await sites.get('real'));
    for (let i = 0; i < 2000; i++) assert.equal(await sites.get(`forged-${i}`), null);
    assert.deepEqual(sites.cacheSizes, { known: 1, unknown: 50 });
    assert.ok(await sites.get('real'), 'unknown ids never push a known site out');
  });

  it('should look an unknown id up again once its short time is up', async () => {
    let now = 1_000_000;
    const sites = new SitesRepository(db.sql, { unknownCacheMs: 5000, cacheMs: 30_000, now: () => now });
    assert.equal(await sites.get('late'), null);
    // Created by another process (the site CLI): this one only sees it once the negative entry expires.
    await new SitesRepository(db.sql).upsert({ id: 'late', name: 'Late', allowedOrigins: [] });
    now += 4999;
    assert.equal(await sites.get('late'), null, 'still remembered as unknown');
    now += 1;
    assert.equal((await sites.get('late'))?.name, 'Late');
  });

  it('should keep at most maxCachedSites known sites, least recently used out first', async () => {
    const sites = new SitesRepository(db.sql, { maxCachedSites: 2 });
    for (const id of ['s1', 's2', 's3']) await sites.upsert({ id, name: `${id} before`, allowedOrigins: [] });
    await sites.get('s1');
    await sites.get('s2');
    await sites.get('s1');
    await sites.get('s3'); // pushes out s2, the least recently used
    assert.deepEqual(sites.cacheSizes, { known: 2, unknown: 0 });
    await db.sql`UPDATE sites SET name = name || ' after'`;
    assert.equal((await sites.get('s1'))?.name, 's1 before', 'cached');
    assert.equal((await sites.get('s2'))?.name, 's2 before after', 'read again');
  });
});
