// One measured load phase: latency histograms, CPU of every process, and what each send cost the server.
import * as hdr from 'hdr-histogram-js';
import type { RunCommand, RunResult } from './ipc.ts';
import { newHistogram } from './histogram.ts';
import { cpuSecondsOf, machineCpu, probe, type Child } from './processes.ts';
import type { CostCounters, ProbeStats } from './probe.ts';
import { topSelfFrames, type TopFrame } from './profile.ts';

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
  /** Parley only (null for the bare relay): what each send cost over the measured window. */
  costs: SendCosts | null;
  /** With `--cpu-prof`: the server profile of this phase (first process) and its top self-time frames. */
  profile: { file: string; top: TopFrame[] } | null;
}

/** Per-send costs of one phase: statements, round trips, CPU, and where a send's time goes. */
export interface SendCosts {
  messages: number;
  statementsPerSend: number;
  roundTripsPerSend: number;
  /** Statements per send by their first words, most frequent first. */
  statementKinds: Array<{ kind: string; perSend: number }>;
  /** CPU milliseconds per 1,000 acked messages. */
  serverCpuMsPer1000: number;
  postgresCpuMsPer1000: number;
  /** Mean sends per committed batch; mean wait for a batch (per send), commit (per batch) and fan-out (per send). */
  meanBatch: number;
  batchWaitMs: number;
  commitMs: number;
  fanOutMs: number;
}

/** Runs one load phase on every generator and samples server, PostgreSQL and Redis CPU over its measured window. */
export async function phase(
  servers: Child[],
  generators: Child[],
  dbName: string | null,
  cmd: RunCommand,
  profileFile: string | null = null,
): Promise<PhaseResult> {
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
  const at = (ms: number, then: () => Promise<unknown>) =>
    new Promise<Sample>((resolve, reject) => setTimeout(() => void then().then(sample).then(resolve, reject), ms));
  // The profiler starts after the start sample and stops before the end one: its own start-up is left out.
  const profiling = profileFile ? servers[0] : undefined;
  const startSample = at(cmd.warmupSec * 1000, async () => {});
  const profileStarted = startSample.then(() => profiling?.ask({ type: 'bench:profile' }, 60_000));
  const endSample = at((cmd.warmupSec + cmd.durationSec) * 1000, async () => {
    await profileStarted;
    await profiling?.ask({ type: 'bench:profile', file: profileFile }, 120_000);
  });
  const results = await Promise.all(generators.map((g) => g.ask<RunResult>({ ...cmd })));
  cpuStart = await startSample;
  cpuEnd = await endSample;
  const start = cpuStart as Sample | null;
  const end = cpuEnd as Sample | null;
  const wall = start && end ? (end.t - start.t) / 1000 : NaN;
  const serverCpu =
    start && end
      ? sum(end.server.map((e, i) => e.cpuUser + e.cpuSystem - start.server[i]!.cpuUser - start.server[i]!.cpuSystem)) / 1e6
      : NaN;
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
    machineBusyPct:
      start && end ? round(((end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total)) * 100, 0) : NaN,
    serverLoopDelayP99Ms: end ? round(Math.max(...end.server.map((e) => e.loopDelayP99Ms)), 1) : NaN,
    serverLoopDelayMaxMs: end ? round(Math.max(...end.server.map((e) => e.loopDelayMaxMs)), 1) : NaN,
    serverGcMs: end ? round(sum(end.server.map((e) => e.gcTotalMs)), 0) : NaN,
    serverGcMaxMs: end ? round(Math.max(...end.server.map((e) => e.gcMaxMs)), 1) : NaN,
    generatorLoopDelayP99Ms: round(Math.max(...results.map((r) => r.loopDelayP99Ms)), 1),
    generatorLoopDelayMaxMs: round(Math.max(...results.map((r) => r.loopDelayMaxMs)), 1),
    costs: dbName && start && end ? sendCosts(start, end, acked) : null,
    profile: profileFile ? { file: profileFile, top: topSelfFrames(profileFile, 15) } : null,
  };
}

/** Differences of the servers' cost counters between two samples, per acked message. */
function sendCosts(
  start: { server: ProbeStats[]; pg: number },
  end: { server: ProbeStats[]; pg: number },
  acked: number,
): SendCosts {
  const diff = (f: (c: CostCounters) => number) => sum(end.server.map((e, i) => f(e.costs) - f(start.server[i]!.costs)));
  const per = (x: number) => round(x / Math.max(1, acked), 2);
  const kinds = new Map<string, number>();
  end.server.forEach((e, i) => {
    for (const [kind, n] of Object.entries(e.costs.byKind)) {
      kinds.set(kind, (kinds.get(kind) ?? 0) + n - (start.server[i]!.costs.byKind[kind] ?? 0));
    }
  });
  const cpu =
    sum(end.server.map((e, i) => e.cpuUser + e.cpuSystem - start.server[i]!.cpuUser - start.server[i]!.cpuSystem)) / 1e3;
  const batches = diff((c) => c.batches);
  const batched = diff((c) => c.batchedSends);
  return {
    messages: acked,
    statementsPerSend: per(diff((c) => c.statements)),
    roundTripsPerSend: per(diff((c) => c.roundTrips)),
    statementKinds: [...kinds]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => ({ kind, perSend: per(n) })),
    serverCpuMsPer1000: round((cpu / Math.max(1, acked)) * 1000, 0),
    postgresCpuMsPer1000: round((((end.pg - start.pg) * 1000) / Math.max(1, acked)) * 1000, 0),
    meanBatch: round(batched / Math.max(1, batches), 1),
    batchWaitMs: round(diff((c) => c.waitMs) / Math.max(1, batched), 2),
    commitMs: round(diff((c) => c.commitMs) / Math.max(1, batches), 2),
    fanOutMs: round(
      diff((c) => c.fanOutMs) /
        Math.max(
          1,
          diff((c) => c.fanOuts),
        ),
      3,
    ),
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

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
