// One process at a time on an embedded database folder: a lock held by a listening local socket.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DataDirBusyError, type LockHolder } from './embedded-errors.ts';

/** A request the lock holder answers for another process (the backup command asks a running server). */
export interface ControlRequest {
  cmd: string;
  [key: string]: unknown;
}

/** Answers control requests; only callers that read the folder's key file can reach it. */
export type ControlHandler = (request: ControlRequest) => Promise<Record<string, unknown>>;

/** A held lock. */
export interface DataDirLock {
  /** Starts answering control requests (a running server lends its open database to the backup command). */
  serve(handler: ControlHandler): void;
  release(): Promise<void>;
}

const KEY_FILE = 'control.key';
/** Who holds the lock, for the message another process prints when the holder is too busy to answer. */
const HOLDER_FILE = 'lock-holder.json';

/**
 * The lock's address. On Linux, a socket in the abstract namespace: the kernel frees it when the
 * process dies, even by SIGKILL, so no stale lock is ever left behind and binding it is atomic.
 * Elsewhere, a socket file in the folder, whose stale copy is removed when nobody answers on it.
 */
async function lockAddress(dir: string): Promise<{ path: string; abstract: boolean }> {
  const real = await realpath(dir);
  if (process.platform === 'linux') {
    const hash = createHash('sha256').update(real).digest('hex').slice(0, 32);
    return { path: `\0parley-data-${hash}`, abstract: true };
  }
  return { path: join(real, 'parley.lock.sock'), abstract: false };
}

/** Takes `dir`'s lock for this process, or throws {@link DataDirBusyError}. */
export async function lockDataDir(dir: string, role: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true });
  const address = await lockAddress(dir);
  const me: LockHolder = { pid: process.pid, role, startedAt: new Date().toISOString() };
  const key = randomBytes(24).toString('hex');
  let handler: ControlHandler | null = null;

  const server = createServer((conn) => answer(conn, me, key, () => handler));
  try {
    await listen(server, address.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const holder = await askHolder(address.path);
    if (address.abstract) throw new DataDirBusyError(dir, holder ?? (await readHolderFile(dir)));
    if (holder) throw new DataDirBusyError(dir, holder);
    // A socket file nobody answers on was left by a process that died: take its place.
    await unlink(address.path);
    try {
      await listen(server, address.path);
    } catch {
      throw new DataDirBusyError(dir, await askHolder(address.path));
    }
  }
  server.unref();
  await writeFile(join(dir, KEY_FILE), key, { mode: 0o600 });
  await writeFile(join(dir, HOLDER_FILE), JSON.stringify(me));
  return {
    serve(h) {
      handler = h;
    },
    async release() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Asks the lock holder of `dir` to run `request`, authenticated by the key file only it writes. */
export async function askLockHolder(dir: string, request: ControlRequest, timeoutMs = 120_000): Promise<Record<string, unknown>> {
  const { path } = await lockAddress(dir);
  const key = (await readFile(join(dir, KEY_FILE), 'utf8')).trim();
  const replies = await exchange(path, JSON.stringify({ ...request, key }) + '\n', 2, timeoutMs);
  const reply = replies[1];
  if (!reply) throw new Error('The running Parley process closed the connection without answering.');
  if (reply.error) throw new Error(String(reply.error));
  return reply;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What the holder wrote when it took the lock (it may be too busy opening the database to answer). */
async function readHolderFile(dir: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as LockHolder;
  } catch {
    return null; // no file or a torn one: the message then names no process
  }
}

/** The holder's greeting, or null when nobody answers at `path`. */
async function askHolder(path: string): Promise<LockHolder | null> {
  try {
    const [greeting] = await exchange(path, null, 1, 2000);
    return (greeting as unknown as LockHolder) ?? null;
  } catch {
    return null;
  }
}

/** Connects to `path`, optionally writes `line`, and collects `count` JSON lines. */
function exchange(path: string, line: string | null, count: number, timeoutMs: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(path);
    const lines: Record<string, unknown>[] = [];
    let buffer = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error('The running Parley process did not answer in time.'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      conn.end();
      resolve(lines);
    };
    conn.setEncoding('utf8');
    conn.on('connect', () => line && conn.write(line));
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        lines.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
        buffer = buffer.slice(i + 1);
        if (lines.length >= count) return done();
      }
    });
    conn.on('end', done);
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The holder's side: a greeting, then at most one control request from a caller who knows the key. */
function answer(conn: Socket, me: LockHolder, key: string, handler: () => ControlHandler | null): void {
  conn.setEncoding('utf8');
  conn.on('error', () => conn.destroy()); // a caller that went away; nothing of ours is at stake
  conn.write(JSON.stringify(me) + '\n');
  let buffer = '';
  conn.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > 4096) return conn.destroy();
    const end = buffer.indexOf('\n');
    if (end < 0) return;
    void (async () => {
      let reply: Record<string, unknown>;
      try {
        const request = JSON.parse(buffer.slice(0, end)) as ControlRequest & { key?: unknown };
        const h = handler();
        if (request.key !== key) reply = { error: 'Wrong or missing control key.' };
        else if (!h) reply = { error: 'This process does not answer control requests.' };
        else reply = await h(request);
      } catch (err) {
        reply = { error: (err as Error).message };
      }
      conn.end(JSON.stringify(reply) + '\n');
    })();
  });
}
