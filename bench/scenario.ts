// One benchmark target (bare relay, Parley, or two Parley processes over Redis) under the same load.
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { createClient } from 'redis';
import type { BenchUser, ConnectResult, RunCommand, RunResult } from './ipc.ts';
import { newHistogram } from './histogram.ts';
import { cpuSecondsOf, machineCpu, probe, spawnNode, type Child } from './processes.ts';
import type { ProbeStats } from './probe.ts';
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
  log: (line: string) => void;
}

/** Percentiles of one latency histogram, in milliseconds. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One measured phase, all generators merged. */
export interface PhaseResult {
  offeredRate: number | null;
  /** Acked (= committed, for Parley) messages per second. */
  ackedRate: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  missing: number;
  delivery: Percentiles;
  /** Two processes only: conversations whose parties are on different processes, and on the same one. */
  deliveryCross: Percentiles;
  deliveryLocal: Percentiles;
  ack: Percentiles;
  generatorLagP99Ms: number;
  /** CPU use in percent of one core over the measured window. */
  serverCpuPct: number;
  postgresCpuPct: number;
  redisCpuPct: number;
  generatorCpuPct: number;
  /** How busy the whole machine was (all cores, every process, ours or not). */
  machineBusyPct: number;
  /** Over the measured window: server event-loop delay (p99, max), GC pause time (total, longest), generator loop delay. */
  serverLoopDelayP99Ms: number;
  serverLoopDelayMaxMs: number;
  serverGcMs: number;
  serverGcMaxMs: number;
  generatorLoopDelayP99Ms: number;
  generatorLoopDelayMaxMs: number;
}

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
      const gen = spawnNode(['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', GENERATOR_ENTRY], {}, 'generator ready');
      generators.push(gen);
      await gen.ready;
      await gen.ask({ type: 'init', mode: o.kind === 'bare' ? 'bare' : 'parley', targets: urls, site: db?.site ?? null, users, addresses: o.addresses, generator: g });
    }

    const before = await Promise.all(servers.map((s) => probe(s, true)));
    o.log(`  connecting ${o.pairs.length * 2} sockets…`);
    const connects = await Promise.all(
      generators.map((g) => g.ask<ConnectResult>({ type: 'connect', concurrency: Math.ceil(o.connectConcurrency / o.generators) })),
    );
    const sockets = {
      wanted: o.pairs.length * 2,
      connected: sum(connects.map((c) => c.connected)),
      failed: sum(connects.map((c) => c.failed)),
      seconds: Math.max(...connects.map((c) => c.seconds)),
      firstError: connects.find((c) => c.firstError)?.firstError ?? null,
    };
    o.log(`  ${sockets.connected} connected in ${sockets.seconds.toFixed(1)} s${sockets.failed ? `, ${sockets.failed} failed (${sockets.firstError})` : ''}`);
    // Let connect-time bookkeeping (presence, unread pushes) finish before weighing the heap.
    await delay(3000);
    const after = await Promise.all(servers.map((s) => probe(s, true)));
    const heapDelta = sum(after.map((a) => a.heapUsed)) - sum(before.map((b) => b.heapUsed));
    const rssDelta = sum(after.map((a) => a.rss)) - sum(before.map((b) => b.rss));

    o.log(`  latency: ${o.rate} messages/s for ${o.latencySec} s (after ${o.latencyWarmupSec} s warm-up)…`);
    const latency = await phase(servers, generators, db?.name ?? null, {
      type: 'run',
      phase: 'lat',
      loop: 'open',
      rate: o.rate / o.generators,
      warmupSec: o.latencyWarmupSec,
      durationSec: o.latencySec,
    });
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
    await Promise.all(generators.map(async (g) => {
      await g.ask({ type: 'close' }, 30_000).catch(() => g.kill());
      await Promise.race([g.exited, delay(5000)]);
      g.kill();
    }));
    await target?.stop();
    await db?.drop();
  }
}

/** Runs one load phase on every generator and samples server, PostgreSQL and Redis CPU over its measured window. */
async function phase(servers: Child[], generators: Child[], dbName: string | null, cmd: RunCommand): Promise<PhaseResult> {
  type Sample = { server: ProbeStats[]; pg: number; redis: number; machine: { busy: number; total: number }; t: number };
  let cpuStart: Sample | null = null;
  let cpuEnd: Sample | null = null;
  const sample = async (): Promise<Sample> => ({
    server: await Promise.all(servers.map((s) => probe(s, false, true))),
    pg: dbName ? cpuSecondsOf('postgres', dbName) : 0,
    redis: cpuSecondsOf('redis-server'),
    machine: machineCpu(),
    t: performance.now(),
  });
  // Samples at the start and the end of the measured window (the generators' own clocks agree closely).
  const at = (ms: number) => new Promise<Sample>((resolve) => setTimeout(() => void sample().then(resolve), ms));
  const startSample = at(cmd.warmupSec * 1000);
  const endSample = at((cmd.warmupSec + cmd.durationSec) * 1000);
  const results = await Promise.all(generators.map((g) => g.ask<RunResult>({ ...cmd })));
  cpuStart = await startSample;
  cpuEnd = await endSample;
  const start = cpuStart as Sample | null;
  const end = cpuEnd as Sample | null;
  const wall = start && end ? (end.t - start.t) / 1000 : NaN;
  const serverCpu = start && end ? sum(end.server.map((e, i) => e.cpuUser + e.cpuSystem - start.server[i]!.cpuUser - start.server[i]!.cpuSystem)) / 1e6 : NaN;
  const delivery = newHistogram();
  const ack = newHistogram();
  const cross = newHistogram();
  const local = newHistogram();
  for (const r of results) {
    delivery.add(hdr.decodeFromCompressedBase64(r.delivery));
    ack.add(hdr.decodeFromCompressedBase64(r.ack));
    cross.add(hdr.decodeFromCompressedBase64(r.deliveryCross));
    local.add(hdr.decodeFromCompressedBase64(r.deliveryLocal));
  }
  const acked = sum(results.map((r) => r.acked));
  const ackErrors: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.ackErrors)) ackErrors[k] = (ackErrors[k] ?? 0) + v;
  return {
    offeredRate: null,
    ackedRate: Math.round(acked / cmd.durationSec),
    sent: sum(results.map((r) => r.sent)),
    acked,
    ackErrors,
    missing: sum(results.map((r) => r.missing)),
    delivery: percentiles(delivery),
    deliveryCross: percentiles(cross),
    deliveryLocal: percentiles(local),
    ack: percentiles(ack),
    generatorLagP99Ms: round(Math.max(...results.map((r) => r.lagP99Ms)), 1),
    serverCpuPct: round((serverCpu / wall) * 100, 0),
    postgresCpuPct: start && end ? round(((end.pg - start.pg) / wall) * 100, 0) : NaN,
    redisCpuPct: start && end ? round(((end.redis - start.redis) / wall) * 100, 0) : NaN,
    generatorCpuPct: round((sum(results.map((r) => r.cpuSec)) / cmd.durationSec) * 100, 0),
    machineBusyPct: start && end ? round(((end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total)) * 100, 0) : NaN,
    serverLoopDelayP99Ms: end ? round(Math.max(...end.server.map((e) => e.loopDelayP99Ms)), 1) : NaN,
    serverLoopDelayMaxMs: end ? round(Math.max(...end.server.map((e) => e.loopDelayMaxMs)), 1) : NaN,
    serverGcMs: end ? round(sum(end.server.map((e) => e.gcTotalMs)), 0) : NaN,
    serverGcMaxMs: end ? round(Math.max(...end.server.map((e) => e.gcMaxMs)), 1) : NaN,
    generatorLoopDelayP99Ms: round(Math.max(...results.map((r) => r.loopDelayP99Ms)), 1),
    generatorLoopDelayMaxMs: round(Math.max(...results.map((r) => r.loopDelayMaxMs)), 1),
  };
}

function percentiles(h: hdr.Histogram): Percentiles {
  const ms = (us: number) => round(us / 1000, 2);
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
  };
}

async function startRelay(pairs: Pair[]): Promise<Target> {
  const file = join(tmpdir(), `parley-bench-pairs-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(pairs));
  const relay = spawnNode([...SERVER_NODE_ARGS, '--import', 'tsx', '--import', PROBE, RELAY_ENTRY], { PORT: '0', BENCH_PAIRS_FILE: file }, 'relay listening');
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
  const env: Record<string, string> = { DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production' };
  if (count > 1) Object.assign(env, { REDIS_URL: redisUrl, PARLEY_REDIS_PREFIX: prefix });
  const servers = Array.from({ length: count }, () => spawnNode([...SERVER_NODE_ARGS, '--import', 'tsx', '--import', PROBE, SERVER_ENTRY], env, 'parley listening'));
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
