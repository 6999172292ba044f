// Preloaded into benchmarked server processes (`--import`): answers memory and CPU questions over IPC only.
// Nothing is exposed on the network; without an IPC channel (a normal start) this module does nothing.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { countPostgresTraffic, type WireCounts } from './sql-wire.ts';

/** Running totals since start: the server's traffic to PostgreSQL (see sql-wire.ts) and its diagnostics channels (server/src/diagnostics.ts). */
export interface CostCounters extends WireCounts {
  /** Committed send batches, the sends in them, and the time sends waited for a batch, batches took to commit, fan-outs took. */
  batches: number;
  batchedSends: number;
  waitMs: number;
  commitMs: number;
  fanOuts: number;
  fanOutMs: number;
}

/** What a server process reports about itself. */
export interface ProbeStats {
  pid: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  /** process.cpuUsage(), microseconds since start. */
  cpuUser: number;
  cpuSystem: number;
  /** Event-loop utilisation since start (0–1). */
  elu: { idle: number; active: number };
  /** Since the previous `reset`: event-loop delay p99 and max (ms), GC pauses (count, total and longest ms). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Handles and requests keeping the loop alive, by kind (`Timeout`, `TCPSocketWrap`…): a leak shows as a count that only grows. */
  resources: Record<string, number>;
  /** Listeners registered on `process`, all events together. */
  processListeners: number;
  costs: CostCounters;
}

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const pauses = { count: 0, total: 0, max: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      pauses.count++;
      pauses.total += e.duration;
      pauses.max = Math.max(pauses.max, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const wire = countPostgresTraffic(Number(new URL(process.env.DATABASE_URL ?? 'postgres://x:5432').port || 5432));
  const costs = {
    batches: 0,
    batchedSends: 0,
    waitMs: 0,
    commitMs: 0,
    fanOuts: 0,
    fanOutMs: 0,
  };
  subscribe('parley:send-batch', (m) => {
    const b = m as { size: number; waitMs: number; commitMs: number };
    costs.batches++;
    costs.batchedSends += b.size;
    costs.waitMs += b.waitMs;
    costs.commitMs += b.commitMs;
  });
  subscribe('parley:fan-out', (m) => {
    costs.fanOuts++;
    costs.fanOutMs += (m as { ms: number }).ms;
  });
  // The V8 sampling profiler (what --cpu-prof runs), started and stopped on request: one phase only.
  let profiler: Session | null = null;
  process.on('message', (m: { type?: string; id?: number; file?: string }) => {
    if (m?.type !== 'bench:profile') return;
    void (async () => {
      try {
        if (!profiler) {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
        } else {
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          profiler = null;
          writeFileSync(m.file!, JSON.stringify(profile));
        }
        process.send!({ type: 'bench:profile', id: m.id, ok: true });
      } catch (err) {
        process.send!({ type: 'bench:profile', id: m.id, ok: false, error: String(err) });
      }
    })();
  });
  process.on('message', (m: { type?: string; id?: number; gc?: boolean; reset?: boolean }) => {
    if (m?.type !== 'bench:stats') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (m.gc && gc) {
      gc();
      gc();
    }
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const stats: ProbeStats = {
      pid: process.pid,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      rss: mem.rss,
      external: mem.external,
      cpuUser: cpu.user,
      cpuSystem: cpu.system,
      elu: { idle: elu.idle, active: elu.active },
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      gcCount: pauses.count,
      gcTotalMs: pauses.total,
      gcMaxMs: pauses.max,
      resources: countResources(),
      processListeners: process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0),
      costs: { ...costs, ...wire, byKind: { ...wire.byKind } },
    };
    if (m.reset) {
      delay.reset();
      Object.assign(pauses, { count: 0, total: 0, max: 0 });
    }
    process.send!({ type: 'bench:stats', id: m.id, stats });
  });
  // The IPC channel must not keep a server alive on its own, nor outlive the benchmark.
  process.channel?.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
