// The per-user work bound: a few at a time, waiters in order, refusals when full or too slow to start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParleyError } from './errors.ts';
import { UserWorkQueue, type QueueClock } from './user-work-queue.ts';

/** Timers that fire only when the test advances the time. */
class ManualClock implements QueueClock {
  now = 0;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.#timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) break;
      this.#timers.delete(id);
      timer.callback();
    }
  }

  get pending(): number {
    return this.#timers.size;
  }
}

/** A piece of work the test finishes by hand. */
function task() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let started = false;
  return {
    work: async () => {
      started = true;
      await done;
      return 'done';
    },
    finish,
    get started() {
      return started;
    },
  };
}

const alice = { siteId: 's', userId: 'alice' };
const bob = { siteId: 's', userId: 'bob' };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('UserWorkQueue', () => {
  it('should run at most maxRunning of one user at once and start waiters in arrival order', async () => {
    const queue = new UserWorkQueue({ maxRunning: 2, maxWaiting: 10, maxWaitMs: 3000, clock: new ManualClock() });
    const tasks = Array.from({ length: 4 }, task);
    const results = tasks.map((t) => queue.run(alice, t.work));
    await settle();
    assert.deepEqual(
      tasks.map((t) => t.started),
      [true, true, false, false],
    );
    assert.deepEqual(queue.load(alice), { running: 2, waiting: 2 });
    tasks[1]!.finish();
    await settle();
    assert.deepEqual(
      tasks.map((t) => t.started),
      [true, true, true, false],
      'the first waiter takes the freed slot',
    );
    for (const t of tasks) t.finish();
    assert.deepEqual(await Promise.all(results), ['done', 'done', 'done', 'done']);
    assert.deepEqual(queue.load(alice), { running: 0, waiting: 0 }, 'an idle user costs nothing');
  });

  it("should not make another user wait for one user's work", async () => {
    const queue = new UserWorkQueue({ maxRunning: 1, maxWaiting: 10, maxWaitMs: 3000, clock: new ManualClock() });
    const hog = task();
    void queue.run(alice, hog.work);
    const other = task();
    const answer = queue.run(bob, other.work);
    await settle();
    assert.ok(other.started);
    other.finish();
    assert.equal(await answer, 'done');
    hog.finish();
  });

  it('should refuse at once, rate_limited, a request beyond the waiting room', async () => {
    const queue = new UserWorkQueue({ maxRunning: 1, maxWaiting: 2, maxWaitMs: 3000, clock: new ManualClock() });
    const tasks = Array.from({ length: 3 }, task);
    const accepted = tasks.map((t) => queue.run(alice, t.work));
    const extra = task();
    await assert.rejects(
      queue.run(alice, extra.work),
      (err: ParleyError) => err.code === 'rate_limited' && err.retryAfterMs! > 0,
    );
    assert.equal(extra.started, false);
    for (const t of tasks) t.finish();
    await Promise.all(accepted);
  });

  it('should refuse a request that could not start within maxWaitMs and never run it afterwards', async () => {
    const clock = new ManualClock();
    const queue = new UserWorkQueue({ maxRunning: 1, maxWaiting: 10, maxWaitMs: 3000, clock });
    const slow = task();
    const first = queue.run(alice, slow.work);
    const late = task();
    const refused = queue.run(alice, late.work);
    const refusal = assert.rejects(refused, (err: ParleyError) => err.code === 'rate_limited');
    clock.advance(2999);
    await settle();
    assert.deepEqual(queue.load(alice), { running: 1, waiting: 1 }, 'still waiting just before the limit');
    clock.advance(1);
    await refusal;
    assert.deepEqual(queue.load(alice), { running: 1, waiting: 0 });
    slow.finish();
    await first;
    await settle();
    assert.equal(late.started, false, 'the refused request never ran');
    assert.equal(clock.pending, 0, 'no timer left behind');
    assert.deepEqual(queue.load(alice), { running: 0, waiting: 0 });
  });

  it('should free the slot of work that failed', async () => {
    const queue = new UserWorkQueue({ maxRunning: 1, maxWaiting: 10, maxWaitMs: 3000, clock: new ManualClock() });
    await assert.rejects(
      queue.run(alice, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await queue.run(alice, async () => 'next'), 'next');
    assert.deepEqual(queue.load(alice), { running: 0, waiting: 0 });
  });
});
