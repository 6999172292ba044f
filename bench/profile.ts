// Reads a V8 .cpuprofile (what --cpu-prof and the inspector write) and names the frames that burn the most CPU themselves.
import { readFileSync } from 'node:fs';

/** One function's own samples (not its callees'), as a share of the busy (non-idle) samples. */
export interface TopFrame {
  name: string;
  /** File and line, shortened to the part after node_modules/ or the repository. */
  where: string;
  samples: number;
  pct: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
}

/** The `count` frames with the most self samples, aggregated by function and file. */
export function topSelfFrames(file: string, count: number): TopFrame[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // hitCount is filled by --cpu-prof; a profile from the inspector may carry only the samples array.
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  const byFrame = new Map<string, TopFrame>();
  let total = 0;
  for (const n of profile.nodes) {
    const samples = hits.get(n.id) ?? 0;
    // Idle time is the loop waiting: the shares are of the time the process was busy.
    if (!samples || n.callFrame.functionName === '(idle)') continue;
    total += samples;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    const key = `${name}\u0000${url}`;
    const frame = byFrame.get(key) ?? { name, where: shorten(url, lineNumber), samples: 0, pct: 0 };
    frame.samples += samples;
    byFrame.set(key, frame);
  }
  return [...byFrame.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, count)
    .map((f) => ({ ...f, pct: Math.round((f.samples / Math.max(1, total)) * 1000) / 10 }));
}

function shorten(url: string, line: number): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  const short =
    inModules >= 0 ? path.slice(inModules + 'node_modules/'.length) : path.replace(/^.*?\/(server|bench|protocol)\//, '$1/');
  return `${short}:${line + 1}`;
}
