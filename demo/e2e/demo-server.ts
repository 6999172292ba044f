// Starts the demo exactly as `npm start` serves it (built widget, embedded PGlite) in a fresh data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess, type ServerProcess } from '../../server/src/testing/server-process.ts';

const START_DEMO = fileURLToPath(new URL('../../server/src/start-demo.ts', import.meta.url));

/** A running demo and the partner page's origin. */
export interface RunningDemo {
  url: string;
  partnerUrl: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

/** Starts the demo server on free ports with an empty embedded database. */
export async function startDemo(): Promise<RunningDemo> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const proc = await startServerProcess({ PARLEY_DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' }, START_DEMO);
  let partnerPort = 0;
  for (const line of proc.logs) {
    const entry = JSON.parse(line) as { msg?: string; partner?: string };
    if (entry.msg === 'demo ready' && entry.partner) partnerPort = Number(new URL(entry.partner).port);
  }
  if (!partnerPort) {
    // The "demo ready" line follows "listening": wait for it.
    partnerPort = await new Promise<number>((resolve) => {
      proc.child.stdout!.on('data', (d: Buffer) => {
        const m = /"partner":"http:\/\/localhost:(\d+)"/.exec(String(d));
        if (m) resolve(Number(m[1]));
      });
    });
  }
  return {
    url: `http://localhost:${proc.port}`,
    partnerUrl: `http://localhost:${partnerPort}`,
    process: proc,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
