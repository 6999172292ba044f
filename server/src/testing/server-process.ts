// Runs the real entry point (`server/src/index.ts`) as a child process, for lifecycle and multi-process tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../index.ts', import.meta.url));

/** A server process and the port it listens on. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Log lines seen so far (JSON strings). */
  logs: string[];
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `index.ts` with `env` (PORT=0 unless given) and resolves once it listens. */
export async function startServerProcess(env: Record<string, string>, entry = ENTRY): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'parley listening' && entry.port) resolve(entry.port);
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, logs, exited };
}
