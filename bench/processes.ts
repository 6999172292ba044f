// Child processes for the benchmark: raised file-descriptor limit, IPC, readiness from the JSON log.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ProbeStats } from './probe.ts';

/** File descriptors each child may open: sockets are files. */
export const FD_LIMIT = 65_535;

/** A running child with an IPC channel. */
export interface Child {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first log line (JSON) whose `msg` is `readyMsg`. */
  ready: Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  /** Sends a request and resolves with the reply carrying the same id. */
  ask<T>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stderr(): string;
  kill(signal?: NodeJS.Signals): void;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

let nextId = 1;

/**
 * Runs `node <nodeArgs…>` through bash so that `ulimit -n` is raised first (raising the hard limit
 * needs root; otherwise the soft limit goes as high as the hard one allows).
 */
export function spawnNode(nodeArgs: string[], env: Record<string, string>, readyMsg: string): Child {
  const script = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const child = spawn('bash', ['-c', script, process.execPath, ...nodeArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let stderr = '';
  let warnings = 0; // the first few warnings and errors of each child are shown
  child.stderr!.on('data', (d) => {
    stderr = (stderr + d).slice(-20_000);
  });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === readyMsg) resolve(entry);
        else if (typeof entry.level === 'number' && entry.level >= 40 && warnings++ < 10)
          process.stderr.write(`[child ${child.pid}] ${line.slice(0, 600)}\n`);
      } catch {
        // not JSON
      }
    });
    void exited.then((code) => reject(new Error(`child exited with ${code} before "${readyMsg}": ${stderr}`)));
  });
  ready.catch(() => {});
  const pending = new Map<number, (value: unknown) => void>();
  child.on('message', (m: { id?: number }) => {
    if (m && typeof m.id === 'number') {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  return {
    child,
    pid: child.pid!,
    ready,
    exited,
    ask<T>(message: Record<string, unknown>, timeoutMs = 600_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer to ${String(message.type)} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        pending.set(id, (v) => {
          clearTimeout(timer);
          resolve(v as T);
        });
        void exited.then((code) =>
          reject(new Error(`child exited (${code}) while asked ${String(message.type)}: ${stderr.slice(-2000)}`)),
        );
        child.send({ ...message, id });
      });
    },
    stderr: () => stderr,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Asks a server process started with the probe for its numbers (after a full GC when `gc`). */
export async function probe(child: Child, gc = false, reset = false): Promise<ProbeStats> {
  return (await child.ask<{ stats: ProbeStats }>({ type: 'bench:stats', gc, reset }, 30_000)).stats;
}

/**
 * CPU time (user + system, in seconds) of every process whose command name starts with `comm` and,
 * when given, whose command line contains `cmdline` (a PostgreSQL backend shows its database there).
 */
export function cpuSecondsOf(comm: string, cmdline?: string): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith(comm)) continue;
      if (cmdline && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(cmdline)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Busy and total CPU time of the whole machine so far (jiffies, all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}
