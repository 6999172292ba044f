// The read coalescer: shared queries, bounded batches, and answers for one key in the order asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchLoader } from './batch-loader.ts';

/** A load whose queries the test answers by hand, in any order. */
function manualLoad() {
  const calls: Array<{ keys: string[]; answer: (values: string[]) => void }> = [];
  const load = (keys: string[]) =>
    new Promise<string[]>((resolve) => {
      calls.push({ keys, answer: resolve });
    });
  return { calls, load };
}

describe('BatchLoader', () => {
  it('should share one query between lookups of the same key asked while the slots are busy', async () => {
    const { calls, load } = manualLoad();
    const loader = new BatchLoader<string, string>(load, (k) => k, { concurrency: 1 });
    const first = loader.load('a');
    const second = loader.load('b');
    const third = loader.load('b');
    assert.deepEqual(
      calls.map((c) => c.keys),
      [['a']],
    );
    calls[0]!.answer(['a1']);
    assert.equal(await first, 'a1');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls[1]!.keys, ['b']);
    calls[1]!.answer(['b1']);
    assert.deepEqual(await Promise.all([second, third]), ['b1', 'b1']);
  });

  it('should not load a key again while its query runs, so a slow earlier answer never lands after a later one', async () => {
    const { calls, load } = manualLoad();
    const loader = new BatchLoader<string, string>(load, (k) => k, { concurrency: 2 });
    const seen: string[] = [];
    const earlier = loader.load('user').then((v) => seen.push(v));
    const later = loader.load('user').then((v) => seen.push(v));
    const other = loader.load('someone else');
    // The second slot is free, yet 'user' waits: only the other key may use it.
    assert.deepEqual(
      calls.map((c) => c.keys),
      [['user'], ['someone else']],
    );
    calls[1]!.answer(['x']);
    await other;
    assert.equal(calls.length, 2, 'user still waits for its first query');
    calls[0]!.answer(['count 1']);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls[2]!.keys, ['user']);
    calls[2]!.answer(['count 2']);
    await Promise.all([earlier, later]);
    assert.deepEqual(seen, ['count 1', 'count 2']);
  });

  it('should cap a batch at maxBatch keys and reject every waiter of a failed query', async () => {
    const { calls, load } = manualLoad();
    const failing = new BatchLoader<string, string>(
      () => Promise.reject(new Error('db down')),
      (k) => k,
    );
    await assert.rejects(failing.load('a'), /db down/);
    const loader = new BatchLoader<string, string>(load, (k) => k, { concurrency: 1, maxBatch: 2 });
    const blocker = loader.load('first');
    const rest = ['b', 'c', 'd'].map((k) => loader.load(k));
    calls[0]!.answer(['1']);
    await blocker;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls[1]!.keys, ['b', 'c']);
    calls[1]!.answer(['B', 'C']);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls[2]!.keys, ['d']);
    calls[2]!.answer(['D']);
    assert.deepEqual(await Promise.all(rest), ['B', 'C', 'D']);
  });
});
