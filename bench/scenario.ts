// One benchmark target (bare relay, Parley, or two Parley processes over Redis) under the same load.
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import type { BenchUser, ConnectResult } from './ipc.ts';
import { phase, type PhaseResult } from './phase.ts';
import { probe, spawnNode, type Child } from './processes.ts';
import { createBenchDatabase, type BenchDatabase, type Pair } from './seed.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PROBE = pathToFileURL(here('./probe.ts')).href;
const SERVER_ENTRY = here('../server/src/index.ts');
const RELAY_ENTRY = here('./bare-relay.ts');
const GENERATOR_ENTRY = here('./load-generator.ts');
/** Node flags of the measured servers; BENCH_SERVER_NODE_ARGS adds some (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
const SERVER_NODE_ARGS = ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];

export type TargetKind = 'bare' | 'parley' | 'parley2';

export const TARGET_LABELS: Record<TargetKind, string> = {
  bare: 'bare Socket.IO relay',
  parley: 'Parley, 1 process',
  parley2: 'Parley, 2 processes + Redis',
};

export interface ScenarioOptions {
  kind: TargetKind;
  pairs: Pair[];
  generators: number;
  addresses: string[];
  connectConcurrency: number;
  rate: number;
  latencyWarmupSec: number;
  latencySec: number;
  throughputWarmupSec: number;
  throughputSec: number;
  window: number;
  redisUrl: string;
  /** Where to write the first server's CPU profile of the latency phase (`--cpu-prof`); null: not profiled. */
  cpuProfileFile: string | null;
  log: (line: string) => void;
}

export type { PhaseResult, Percentiles, SendCosts } from './phase.ts';

export interface ScenarioResult {
  kind: TargetKind;
  label: string;
  processes: number;
  sockets: { wanted: number; connected: number; failed: number; seconds: number; firstError: string | null };
  heapPerSocketBytes: number;
  rssPerSocketBytes: number;
  serverHeapUsedMiB: number;
  serverRssMiB: number;
  latency: PhaseResult;
  throughput: PhaseResult;
}

/** A started target: its processes and URLs. */
export interface Target {
  servers: Child[];
  urls: string[];
  stop(): Promise<void>;
}

/** Runs connect, heap, latency and throughput measurements against one target. */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const label = TARGET_LABELS[o.kind];
  o.log(`— ${label}: starting`);
  let db: BenchDatabase | null = null;
  let target: Target | null = null;
  const generators: Child[] = [];
  try {
    if (o.kind !== 'bare') db = await createBenchDatabase(o.pairs);
    target = o.kind === 'bare' ? await startRelay(o.pairs) : await startParley(db!, o.kind === 'parley2' ? 2 : 1, o.redisUrl);
    const { servers, urls } = target;

    for (let g = 0; g < o.generators; g++) {
      // With two processes, half the conversations cross them (buyer on A, seller on B) and half stay on
      // one (alternately A and B): the same run then shows what the Redis hop itself adds.
      const users: BenchUser[] = o.pairs
        .map((p, i) => ({ p, i }))
        .filter(({ i }) => i % o.generators === g)
        .flatMap(({ p, i }) => {
          const cross = urls.length > 1 && i % 2 === 0;
          const home = urls.length > 1 && i % 4 === 3 ? 1 : 0;
          return [
            { userId: p.buyerId, conversationId: p.conversationId, target: cross ? 0 : home, crossProcess: cross },
            { userId: p.sellerId, conversationId: p.conversationId, target: cross ? 1 : home, crossProcess: cross },
          ];
        });
      const gen = spawnNode(
        ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', GENERATOR_ENTRY],
        {},
        'generator ready',
      );
      generators.push(gen);
      await gen.ready;
      await gen.ask({
        type: 'init',
        mode: o.kind === 'bare' ? 'bare' : 'parley',
        targets: urls,
        site: db?.site ?? null,
        users,
        addresses: o.addresses,
        generator: g,
      });
    }

    const before = await Promise.all(servers.map((s) => probe(s, true)));
    o.log(`  connecting ${o.pairs.length * 2} sockets…`);
    const connects = await Promise.all(
      generators.map((g) =>
        g.ask<ConnectResult>({ type: 'connect', concurrency: Math.ceil(o.connectConcurrency / o.generators) }),
      ),
    );
    const sockets = {
      wanted: o.pairs.length * 2,
      connected: sum(connects.map((c) => c.connected)),
      failed: sum(connects.map((c) => c.failed)),
      seconds: Math.max(...connects.map((c) => c.seconds)),
      firstError: connects.find((c) => c.firstError)?.firstError ?? null,
    };
    o.log(
      `  ${sockets.connected} connected in ${sockets.seconds.toFixed(1)} s${sockets.failed ? `, ${sockets.failed} failed (${sockets.firstError})` : ''}`,
    );
    // Let connect-time bookkeeping (presence, unread pushes) finish before weighing the heap.
    await delay(3000);
    const after = await Promise.all(servers.map((s) => probe(s, true)));
    const heapDelta = sum(after.map((a) => a.heapUsed)) - sum(before.map((b) => b.heapUsed));
    const rssDelta = sum(after.map((a) => a.rss)) - sum(before.map((b) => b.rss));

    o.log(`  latency: ${o.rate} messages/s for ${o.latencySec} s (after ${o.latencyWarmupSec} s warm-up)…`);
    const latency = await phase(
      servers,
      generators,
      db?.name ?? null,
      {
        type: 'run',
        phase: 'lat',
        loop: 'open',
        rate: o.rate / o.generators,
        warmupSec: o.latencyWarmupSec,
        durationSec: o.latencySec,
      },
      o.kind === 'bare' ? null : o.cpuProfileFile,
    );
    latency.offeredRate = o.rate;
    o.log(`  p50 ${latency.delivery.p50} ms, p99 ${latency.delivery.p99} ms, server CPU ${latency.serverCpuPct}%`);
    o.log(`  throughput: ${o.window} sends in flight for ${o.throughputSec} s (after ${o.throughputWarmupSec} s warm-up)…`);
    const throughput = await phase(servers, generators, db?.name ?? null, {
      type: 'run',
      phase: 'max',
      loop: 'closed',
      window: Math.max(1, Math.round(o.window / o.generators)),
      warmupSec: o.throughputWarmupSec,
      durationSec: o.throughputSec,
    });
    o.log(`  ${throughput.ackedRate} acked messages/s, p99 ${throughput.delivery.p99} ms`);
    const final = await Promise.all(servers.map((s) => probe(s, true)));
    return {
      kind: o.kind,
      label,
      processes: servers.length,
      sockets,
      heapPerSocketBytes: Math.round(heapDelta / Math.max(1, sockets.connected)),
      rssPerSocketBytes: Math.round(rssDelta / Math.max(1, sockets.connected)),
      serverHeapUsedMiB: round(sum(final.map((f) => f.heapUsed)) / 2 ** 20, 1),
      serverRssMiB: round(sum(final.map((f) => f.rss)) / 2 ** 20, 1),
      latency,
      throughput,
    };
  } finally {
    await Promise.all(
      generators.map(async (g) => {
        await g.ask({ type: 'close' }, 30_000).catch(() => g.kill());
        await Promise.race([g.exited, delay(5000)]);
        g.kill();
      }),
    );
    await target?.stop();
    await db?.drop();
  }
}

async function startRelay(pairs: Pair[]): Promise<Target> {
  const file = join(tmpdir(), `parley-bench-pairs-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(pairs));
  const relay = spawnNode(
    [...SERVER_NODE_ARGS, '--import', 'tsx', '--import', PROBE, RELAY_ENTRY],
    { PORT: '0', BENCH_PAIRS_FILE: file },
    'relay listening',
  );
  const { port } = await relay.ready;
  return {
    servers: [relay],
    urls: [`http://127.0.0.1:${port}`],
    async stop() {
      await stopChild(relay);
      rmSync(file, { force: true });
    },
  };
}

export async function startParley(db: BenchDatabase, count: number, redisUrl: string): Promise<Target> {
  const prefix = `parley-bench-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  };
  if (count > 1) Object.assign(env, { REDIS_URL: redisUrl, PARLEY_REDIS_PREFIX: prefix });
  const servers = Array.from({ length: count }, () =>
    spawnNode([...SERVER_NODE_ARGS, '--import', 'tsx', '--import', PROBE, SERVER_ENTRY], env, 'parley listening'),
  );
  const ready = await Promise.all(servers.map((s) => s.ready));
  return {
    servers,
    urls: ready.map((r) => `http://127.0.0.1:${r.port}`),
    async stop() {
      await Promise.all(servers.map(stopChild));
      if (count > 1) await deleteKeys(redisUrl, prefix);
    },
  };
}

async function stopChild(c: Child) {
  c.kill('SIGTERM');
  await Promise.race([c.exited, delay(15_000)]);
  c.kill('SIGKILL');
  await c.exited;
}

async function deleteKeys(url: string, prefix: string) {
  const redis = createClient({ url });
  await redis.connect();
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) if (keys.length) await redis.del(keys);
  await redis.quit();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
