// Cluster-wide presence in Redis: counts add up over processes, atomically, and die with their process.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import type { Caller } from '../caller.ts';
import { createLogger } from '../logger.ts';
import { deleteRedisKeys, TEST_REDIS_URL } from '../testing/cluster.ts';
import { RedisPresence } from './redis-presence.ts';

describe('RedisPresence', () => {
  const prefix = `parley-test-${randomBytes(6).toString('hex')}`;
  const redis: ReturnType<typeof createClient> = createClient({ url: TEST_REDIS_URL });
  const made: RedisPresence[] = [];
  /** A "process": its own tracker; `heartbeatMs` long means it never beats by itself (a dead process). */
  const processOf = (options: { heartbeatMs?: number; ttlSec?: number } = {}) => {
    const p = new RedisPresence(redis, { prefix, heartbeatMs: 60_000, logger: createLogger('silent'), ...options });
    made.push(p);
    return p;
  };

  before(() => redis.connect());
  // Each test's processes stop beating and leave Redis, so they cannot sweep for the next test.
  afterEach(async () => {
    for (const p of made.splice(0)) await p.close();
  });
  after(async () => {
    await redis.quit();
    await deleteRedisKeys(prefix);
  });

  it('should be online while any process holds a socket of the user', async () => {
    const [a, b] = [processOf(), processOf()];
    assert.equal(await a.connected('s', 'u1'), true, 'first socket anywhere: came online');
    assert.equal(await b.connected('s', 'u1'), false);
    assert.equal(await a.connected('s', 'u1'), false);
    assert.deepEqual(await b.online('s', ['u1', 'u2']), new Set(['u1']));
    assert.equal(await a.disconnected('s', 'u1'), false);
    assert.equal(await a.disconnected('s', 'u1'), false, 'b still has one');
    assert.equal(await b.disconnected('s', 'u1'), true, 'last socket anywhere: went offline');
    assert.deepEqual(await a.online('s', ['u1']), new Set());
    assert.deepEqual(await a.online('other-site', ['u1']), new Set(), 'scoped by site');
  });

  it('should announce "came online" exactly once when two processes connect the same user at once', async () => {
    const [a, b] = [processOf(), processOf()];
    for (let i = 0; i < 20; i++) {
      const results = await Promise.all([a.connected('s', `c${i}`), b.connected('s', `c${i}`)]);
      assert.equal(results.filter(Boolean).length, 1, `round ${i}: ${results}`);
      const gone = await Promise.all([a.disconnected('s', `c${i}`), b.disconnected('s', `c${i}`)]);
      assert.equal(gone.filter(Boolean).length, 1, `round ${i}: ${gone}`);
    }
  });

  it('should report users of a process that died as offline, once, after its TTL', async () => {
    const survivor = processOf({ heartbeatMs: 100 });
    const other = processOf({ heartbeatMs: 100 });
    const dead = processOf({ ttlSec: 1 }); // never beats: like a process killed with SIGKILL
    const reported: Caller[] = [];
    let resolve!: () => void;
    const offline = new Promise<void>((r) => (resolve = r));
    for (const p of [survivor, other]) {
      p.onOffline(async (user) => {
        reported.push(user);
        if (reported.some((u) => u.userId === 'd1')) resolve();
      });
    }
    await dead.connected('s', 'd1');
    await dead.connected('s', 'd2');
    await survivor.connected('s', 'd2'); // d2 also has a socket on a live process: stays online
    assert.deepEqual(await survivor.online('s', ['d1', 'd2']), new Set(['d1', 'd2']));
    await offline;
    assert.deepEqual(reported, [{ siteId: 's', userId: 'd1' }], 'reported by one survivor only, d2 not at all');
    assert.deepEqual(await survivor.online('s', ['d1', 'd2']), new Set(['d2']));
  });

  it('should write its counts back when its own entry expired during a stall', async () => {
    const stalled = processOf({ ttlSec: 1 });
    const survivor = processOf({ heartbeatMs: 100 });
    let resolve!: () => void;
    const swept = new Promise<void>((r) => (resolve = r));
    survivor.onOffline(async (user) => {
      if (user.userId === 'st1') resolve();
    });
    await stalled.connected('s', 'st1');
    await swept;
    assert.deepEqual(await survivor.online('s', ['st1']), new Set());
    await stalled.beat(); // the stalled process wakes up
    assert.deepEqual(await survivor.online('s', ['st1']), new Set(['st1']));
    assert.equal(await stalled.disconnected('s', 'st1'), true);
  });
});
