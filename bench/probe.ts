// Preloaded into benchmarked server processes (`--import`): answers memory and CPU questions over IPC only.
// Nothing is exposed on the network; without an IPC channel (a normal start) this module does nothing.
import { performance } from 'node:perf_hooks';

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
}

if (process.send) {
  process.on('message', (m: { type?: string; id?: number; gc?: boolean }) => {
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
    };
    process.send!({ type: 'bench:stats', id: m.id, stats });
  });
  // The IPC channel must not keep a server alive on its own, nor outlive the benchmark.
  process.channel?.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
