// `npm run bench:jobs`: jobs claimed and completed per second by 1, 2 and 4 runners, against a baseline of bare
// single-row commits measured in the same run on the same database.
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '../server/src/db/sql.ts';
import { JobRunner } from '../server/src/jobs/job-runner.ts';
import { createLogger } from '../server/src/logger.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: process.env.BENCH_JOBS ?? '5000' },
    concurrency: { type: 'string', default: process.env.BENCH_JOB_CONCURRENCY ?? '4' },
    runners: { type: 'string', default: '1,2,4' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`npm run bench:jobs -- [--jobs N (5000)] [--concurrency N per runner (4)] [--runners 1,2,4]
Environment: BENCH_DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres).`);
  process.exit(0);
}
const jobs = Number(values.jobs);
const concurrency = Number(values.concurrency);
const runnerCounts = values.runners.split(',').map(Number);
const logger = createLogger('silent');

const db = await createTestDatabase({ adminUrl: process.env.BENCH_DATABASE_URL, namePrefix: 'parley_bench_jobs', max: 2 });
const open = () => openDatabase({ databaseUrl: db.url, dataDir: '', logger, max: concurrency });

/** The floor: `workers` connections each committing one single-row UPDATE per item, as fast as they can. */
async function baseline(workers: number): Promise<number> {
  await db.sql`CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, done boolean NOT NULL DEFAULT false)`;
  await db.sql`TRUNCATE bench_rows`;
  await db.sql`INSERT INTO bench_rows (id) SELECT g FROM generate_series(1, ${jobs}) g`;
  const conn = await open();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers * concurrency }, async () => {
      while (next < jobs) {
        const id = ++next;
        await conn.sql`UPDATE bench_rows SET done = true WHERE id = ${id}`;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await conn.close();
  return jobs / seconds;
}

/** `count` runners, each on its own pool, draining `jobs` no-op jobs. */
async function queue(count: number): Promise<{ perSecond: number; ranTwice: number }> {
  await db.sql`DELETE FROM jobs`;
  await db.sql`INSERT INTO jobs (kind, payload) SELECT 'bench', jsonb_build_object('n', g) FROM generate_series(1, ${jobs}) g`;
  const pools: Database[] = await Promise.all(Array.from({ length: count }, open));
  const seen = new Set<number>();
  let ranTwice = 0;
  const runners = pools.map(
    (pool) =>
      new JobRunner({
        sql: pool.sql,
        logger,
        concurrency,
        clock: () => Date.now() + 1000,
        handlers: [
          {
            kind: 'bench',
            run: async (job) => {
              if (seen.has(job.id)) ranTwice++;
              seen.add(job.id);
            },
          },
        ],
      }),
  );
  const started = performance.now();
  await Promise.all(runners.map((r) => r.runDue()));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pools.map((p) => p.close()));
  const [left] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM jobs WHERE state <> 'done'`;
  if (left!.n !== 0 || seen.size !== jobs) throw new Error(`${left!.n} jobs not done, ${seen.size} run`);
  return { perSecond: jobs / seconds, ranTwice };
}

try {
  const rows: string[] = [];
  console.log(
    `${jobs} jobs, ${concurrency} at a time per runner, PostgreSQL ${(await db.sql`SHOW server_version`)[0]!.server_version}`,
  );
  for (const count of runnerCounts) {
    const bare = await baseline(count);
    const { perSecond, ranTwice } = await queue(count);
    rows.push(
      `| ${count} | ${Math.round(perSecond)} | ${Math.round(bare)} | ${((perSecond / bare) * 100).toFixed(0)} % | ${ranTwice} |`,
    );
    console.log(rows.at(-1));
  }
  console.log(
    [
      '',
      '| runners | jobs/s (claimed + completed) | baseline: bare single-row commits/s, same connections | queue / baseline | run twice |',
      '|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
} finally {
  await db.drop();
}
