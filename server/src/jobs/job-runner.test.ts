// The job queue on a real PostgreSQL: due times, retries with backoff, failure, leases, and several runners.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openDatabase, type Database } from '../db/sql.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { backoffMs } from './backoff.ts';
import { type JobHandler, JobRunner, PermanentJobError } from './job-runner.ts';
import { JobsRepository } from './jobs.repository.ts';

const logger = createLogger('silent');

describe('job runner', () => {
  let db: TestDatabase;
  let jobs: JobsRepository;
  let now: number;
  const clock = () => now;

  before(async () => {
    db = await createTestDatabase({ max: 4 });
    jobs = new JobsRepository(db.sql);
  });
  after(() => db.drop());
  beforeEach(async () => {
    await db.sql`DELETE FROM jobs`;
    // A second ahead of the wall clock, so that a job queued "now" during the test is due.
    now = Date.now() + 1000;
  });

  const runner = (handlers: JobHandler[], sql = db.sql, options: { leaseMs?: number; concurrency?: number } = {}) =>
    new JobRunner({ sql, handlers, logger, clock, random: () => 0.5, ...options });

  it('should run a due job once, and a later one only once the clock reaches it', async () => {
    const ran: unknown[] = [];
    const r = runner([{ kind: 'note', run: async (job) => void ran.push(job.payload) }]);
    await jobs.enqueue({ kind: 'note', payload: { n: 1 } });
    await jobs.enqueue({ kind: 'note', payload: { n: 2 }, dueAt: new Date(now + 60_000) });
    assert.equal(await r.runDue(), 1);
    assert.deepEqual(ran, [{ n: 1 }]);
    assert.equal(await r.runDue(), 0, 'nothing else is due yet');
    now += 60_000;
    assert.equal(await r.runDue(), 1);
    assert.deepEqual(ran, [{ n: 1 }, { n: 2 }]);
    const [row] = await db.sql<{ state: string }[]>`SELECT count(*) FILTER (WHERE state = 'done')::int AS done FROM jobs`;
    assert.deepEqual(row, { done: 2 });
  });

  it('should delete jobs finished more than a day ago', async () => {
    const r = runner([{ kind: 'note', run: async () => {} }]);
    await jobs.enqueue({ kind: 'note', payload: {} });
    await r.runDue(); // runs it, and prunes nothing yet
    assert.equal((await db.sql`SELECT 1 FROM jobs WHERE state = 'done'`).length, 1);
    now += 25 * 3600_000;
    await r.runDue();
    assert.equal((await db.sql`SELECT 1 FROM jobs`).length, 0);
  });

  it('should keep one queued job per coalescing key', async () => {
    await jobs.enqueue({ kind: 'note', payload: { n: 1 }, coalesceKey: 'k' });
    await jobs.enqueue({ kind: 'note', payload: { n: 2 }, coalesceKey: 'k' });
    const rows = await db.sql`SELECT payload FROM jobs`;
    assert.deepEqual(
      rows.map((r) => r.payload),
      [{ n: 1 }],
    );
    await runner([{ kind: 'note', run: async () => {} }]).runDue();
    await jobs.enqueue({ kind: 'note', payload: { n: 3 }, coalesceKey: 'k' });
    assert.equal((await db.sql`SELECT 1 FROM jobs WHERE state = 'queued'`).length, 1, 'a new one once the first is done');
  });

  it('should retry a failing job with exponential backoff, then mark it failed past its maximum age', async () => {
    let calls = 0;
    const r = runner([
      {
        kind: 'flaky',
        retry: { baseDelayMs: 1000, maxDelayMs: 4000 },
        run: async () => {
          calls++;
          throw new Error(`refused ${calls}`);
        },
      },
    ]);
    await jobs.enqueue({ kind: 'flaky', payload: {}, maxAgeSeconds: 30 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      assert.equal(await r.runDue(), 1);
      const [job] = await db.sql<
        { due_at: Date; state: string; last_error: string }[]
      >`SELECT due_at, state, last_error FROM jobs`;
      assert.equal(job!.state, 'queued');
      assert.equal(job!.last_error, `Error: refused ${i + 1}`);
      waits.push(job!.due_at.getTime() - now);
      assert.equal(await r.runDue(), 0, 'not before its backoff');
      now = job!.due_at.getTime();
    }
    // random() = 0.5 gives 3/4 of each wait: 1 s, 2 s, 4 s, then capped at 4 s.
    assert.deepEqual(waits, [750, 1500, 3000, 3000]);
    now += 30_000;
    await r.runDue();
    const [job] = await db.sql<{ state: string; attempts: number }[]>`SELECT state, attempts FROM jobs`;
    assert.deepEqual(job, { state: 'failed', attempts: 5 });
    assert.equal((await jobs.failed(['flaky'], 10)).length, 1);
    assert.equal(await jobs.requeue((await jobs.failed(['flaky'], 10))[0]!.id, ['flaky']), true);
    assert.equal(await r.runDue(), 1, 'a requeued job runs again');
  });

  it('should fail a job at once on a permanent error', async () => {
    const r = runner([
      {
        kind: 'bad',
        run: async () => {
          throw new PermanentJobError('malformed');
        },
      },
    ]);
    await jobs.enqueue({ kind: 'bad', payload: {} });
    await r.runDue();
    const [job] = await db.sql<{ state: string }[]>`SELECT state FROM jobs`;
    assert.equal(job!.state, 'failed');
  });

  it('should spread backoff over at least a day before giving up by default', () => {
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3600_000) total += backoffMs(++attempts, undefined, () => 0.999);
    assert.ok(attempts > 20, `${attempts} attempts in a day`);
    assert.ok(90_000 * 1000 >= 24 * 3600_000, 'the default maximum age is past 24 h');
  });

  it('should give a job whose lease expired to another runner, and drop the stalled one’s result', async () => {
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const effects: string[] = [];
    const other = await openDatabase({ databaseUrl: db.url, dataDir: '', logger, max: 2 });
    try {
      const a = runner([
        {
          kind: 'send',
          run: async () => {
            await stalled;
            return async (tx) => void (await tx`SELECT 1`, effects.push('a'));
          },
        },
      ]);
      const b = runner([{ kind: 'send', run: async () => async () => void effects.push('b') }], other.sql);
      await jobs.enqueue({ kind: 'send', payload: {} });
      const passA = a.runDue();
      // Wait until A holds the job (its lease is in the table), without sleeping a fixed time.
      while ((await db.sql`SELECT 1 FROM jobs WHERE locked_until IS NOT NULL`).length === 0)
        await new Promise((r) => setImmediate(r));
      assert.equal(await b.runDue(), 0, 'B may not take a leased job');
      now += 60_001;
      assert.equal(await b.runDue(), 1, 'B takes it once the lease expired');
      release();
      await passA;
      assert.deepEqual(effects, ['b'], "A's completion is refused: its claim is no longer the job's");
      const [job] = await db.sql<{ state: string; attempts: number }[]>`SELECT state, attempts FROM jobs`;
      assert.deepEqual(job, { state: 'done', attempts: 2 });
    } finally {
      await other.close();
    }
  });

  it('should run each job once with two runners on separate connections', async () => {
    const other = await openDatabase({ databaseUrl: db.url, dataDir: '', logger, max: 4 });
    try {
      const seen = new Map<number, number>();
      const handler = (): JobHandler => ({
        kind: 'count',
        run: async (job) => {
          const n = (job.payload as { n: number }).n;
          seen.set(n, (seen.get(n) ?? 0) + 1);
          await new Promise((r) => setImmediate(r));
        },
      });
      await db.sql`INSERT INTO jobs (kind, payload) SELECT 'count', jsonb_build_object('n', g) FROM generate_series(1, 200) g`;
      const [ranA, ranB] = await Promise.all([
        runner([handler()], db.sql, { concurrency: 4 }).runDue(),
        runner([handler()], other.sql, { concurrency: 4 }).runDue(),
      ]);
      assert.equal(ranA + ranB, 200);
      assert.equal(seen.size, 200);
      assert.ok(
        [...seen.values()].every((count) => count === 1),
        'no job ran twice',
      );
      assert.ok(ranA > 0 && ranB > 0, `both runners took work (${ranA} / ${ranB})`);
    } finally {
      await other.close();
    }
  });
});
