// Scale-out through Redis: the Socket.IO adapter, a shared send limit and cluster-wide presence.
import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { LIMITS } from '../../../protocol/index.ts';
import type { Logger } from '../logger.ts';
import { SendRateLimiter } from '../rate-limit.ts';
import type { PresenceTracker } from './presence.ts';
import type { ParleyIo } from './socket-server.ts';

type RedisClient = ReturnType<typeof createClient>;

/** How long a process's presence counts outlive its last heartbeat (a killed process stops beating). */
const PRESENCE_TTL_SEC = 30;
const HEARTBEAT_MS = 10_000;

/**
 * Presence shared by every process: each keeps its own socket counts in a hash that expires unless
 * refreshed, so the sockets of a process killed with SIGKILL stop counting within 30 s.
 */
export class RedisPresence implements PresenceTracker {
  readonly #redis: RedisClient;
  readonly #key: string;
  readonly #timer: NodeJS.Timeout;

  constructor(redis: RedisClient, processId = randomUUID()) {
    this.#redis = redis;
    this.#key = `parley:presence:${processId}`;
    this.#timer = setInterval(() => void this.#beat(), HEARTBEAT_MS);
    this.#timer.unref();
  }

  async #beat() {
    await this.#redis.multi().sAdd('parley:presence:processes', this.#key).expire(this.#key, PRESENCE_TTL_SEC).exec();
  }

  async connected(siteId: string, userId: string): Promise<boolean> {
    const field = `${siteId}\u0000${userId}`;
    const [n] = (await this.#redis.multi().hIncrBy(this.#key, field, 1).expire(this.#key, PRESENCE_TTL_SEC).sAdd('parley:presence:processes', this.#key).exec()) as unknown as [number];
    if (n !== 1) return false;
    return (await this.#total(field)) === 1;
  }

  async disconnected(siteId: string, userId: string): Promise<boolean> {
    const field = `${siteId}\u0000${userId}`;
    const n = await this.#redis.hIncrBy(this.#key, field, -1);
    if (n <= 0) await this.#redis.hDel(this.#key, field);
    return (await this.#total(field)) <= 0;
  }

  async online(siteId: string, userIds: readonly string[]): Promise<Set<string>> {
    const online = new Set<string>();
    if (userIds.length === 0) return online;
    const fields = userIds.map((u) => `${siteId}\u0000${u}`);
    for (const key of await this.#liveProcesses()) {
      const counts = await this.#redis.hmGet(key, fields);
      counts.forEach((c, i) => {
        if (Number(c) > 0) online.add(userIds[i]!);
      });
    }
    return online;
  }

  async #total(field: string): Promise<number> {
    let total = 0;
    for (const key of await this.#liveProcesses()) total += Number((await this.#redis.hGet(key, field)) ?? 0);
    return total;
  }

  /** Process hashes still alive; expired ones are forgotten. */
  async #liveProcesses(): Promise<string[]> {
    const keys = await this.#redis.sMembers('parley:presence:processes');
    const live: string[] = [];
    for (const key of keys) {
      if (await this.#redis.exists(key)) live.push(key);
      else if (key !== this.#key) await this.#redis.sRem('parley:presence:processes', key);
    }
    if (!live.includes(this.#key)) live.push(this.#key);
    return live;
  }

  /** Forgets this process's sockets (on a clean shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#redis.multi().del(this.#key).sRem('parley:presence:processes', this.#key).exec();
  }
}

/** What `startServer` needs to act as one of several processes, and how to close it. */
export interface RedisScaleOut {
  setupIo: (io: ParleyIo) => void;
  presence: RedisPresence;
  limiter: SendRateLimiter;
  close: () => Promise<void>;
}

/** Connects to Redis and returns the pieces that make several processes act as one. */
export async function redisScaleOut(url: string, logger: Logger): Promise<RedisScaleOut> {
  const pub: RedisClient = createClient({ url });
  const sub: RedisClient = pub.duplicate();
  const store: RedisClient = pub.duplicate();
  for (const client of [pub, sub, store]) client.on('error', (err) => logger.warn({ err: String(err) }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect(), store.connect()]);
  const presence = new RedisPresence(store);
  const limiter = new SendRateLimiter(
    new RateLimiterRedis({
      storeClient: store,
      useRedisPackage: true,
      keyPrefix: 'parley:send',
      points: LIMITS.sendBurst,
      duration: LIMITS.sendWindowMs / 1000,
    }),
  );
  logger.info('scale-out through redis');
  return {
    setupIo: (io) => {
      io.adapter(createAdapter(pub, sub, { key: 'parley' }));
    },
    presence,
    limiter,
    close: async () => {
      await presence.close();
      await Promise.all([pub.quit(), sub.quit(), store.quit()]);
    },
  };
}
