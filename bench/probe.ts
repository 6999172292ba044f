// Preloaded into benchmarked server processes (`--import`): answers memory and CPU questions over IPC only.
// Nothing is exposed on the network; without an IPC channel (a normal start) this module does nothing.
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

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
