// Several real server processes sharing one PostgreSQL database and one Redis, for scale-out tests.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { SitesRepository, type Site } from '../identity/sites.repository.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { connectSocket, type ClientSocket } from './test-server.ts';
import { signTestToken } from './tokens.ts';

/** The Redis the scale-out tests use (TEST_REDIS_URL, else the local one). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Server processes behind no load balancer: tests pick the process each client talks to. */
export interface TestCluster {
  db: TestDatabase;
  site: Site;
  /** Key prefix of this run in Redis, unique so parallel runs never see each other. */
  prefix: string;
  processes: ServerProcess[];
  token(sub: string): Promise<string>;
  /** Opens a websocket-only client on process `index` as `sub` and waits until it is connected. */
  connect(index: number, sub: string): Promise<ClientSocket>;
  /** Kills process `index` with SIGKILL and waits until it is gone. */
  kill(index: number): Promise<void>;
  /** Starts process `index` again on the same port. */
  restart(index: number): Promise<ServerProcess>;
  /** Kills every process, deletes this run's Redis keys and drops the database. */
  close(): Promise<void>;
}

/** Starts `count` server processes (the real entry point) over a fresh database and Redis prefix (`redisUrl`: through a proxy). */
export async function startTestCluster(
  count = 2,
  { redisUrl = TEST_REDIS_URL }: { redisUrl?: string } = {},
): Promise<TestCluster> {
  const db = await createTestDatabase();
  const prefix = `parley-test-${randomBytes(6).toString('hex')}`;
  const site = await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Test market', allowedOrigins: [] });
  const env = (port: number) => ({
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    PARLEY_REDIS_PREFIX: prefix,
    PORT: String(port),
    LOG_LEVEL: 'info',
    PARLEY_SHUTDOWN_GRACE_MS: '1000',
  });
  const processes: ServerProcess[] = [];
  const sockets = new Set<ClientSocket>();
  try {
    processes.push(...(await Promise.all(Array.from({ length: count }, () => startServerProcess(env(0))))));
  } catch (err) {
    for (const p of processes) p.child.kill('SIGKILL');
    await db.drop();
    throw err;
  }
  const token = (sub: string) => signTestToken({ siteId: site.id, secret: site.secret, sub, name: `Name of ${sub}` });

  return {
    db,
    site,
    prefix,
    processes,
    token,
    async connect(index, sub) {
      return connectSocket(processes[index]!.url, await token(sub), { track: sockets });
    },
    async kill(index) {
      const p = processes[index]!;
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    },
    async restart(index) {
      const p = await startServerProcess(env(processes[index]!.port));
      processes[index] = p;
      return p;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(processes.map((p) => p.exited));
      await deleteRedisKeys(prefix);
      await db.drop();
    },
  };
}

/** Deletes every Redis key under `prefix`. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = createClient({ url: TEST_REDIS_URL });
  await redis.connect();
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}

/** Polls `check` until it holds, failing after `timeoutMs`: for conditions no event announces. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
