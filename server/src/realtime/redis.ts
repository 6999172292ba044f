// Scale-out through Redis: the Socket.IO adapter, a shared send limit and cluster-wide presence.
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { LIMITS } from '../../../protocol/index.ts';
import type { Logger } from '../logger.ts';
import { SendRateLimiter } from '../rate-limit.ts';
import { RedisPresence } from './redis-presence.ts';
import type { ParleyIo } from './socket-server.ts';

export { RedisPresence } from './redis-presence.ts';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisScaleOutOptions {
  url: string;
  /** Prefix of every key and channel (`PARLEY_REDIS_PREFIX`, default `parley`). */
  prefix?: string;
  logger: Logger;
}

/** What `startServer` needs to act as one of several processes, and how to close it. */
export interface RedisScaleOut {
  setupIo: (io: ParleyIo) => void;
  presence: RedisPresence;
  limiter: SendRateLimiter;
  close: () => Promise<void>;
}

/** Connects to Redis and returns the pieces that make several processes act as one. */
export async function redisScaleOut({ url, prefix = 'parley', logger }: RedisScaleOutOptions): Promise<RedisScaleOut> {
  // node-redis gives every command a 5 s timeout through its own AbortSignal.timeout(), a timer and a
  // DOMException per command: at two publishes per message that was most of a process's garbage.
  // Publishes are fire-and-forget (a lost connection rejects them anyway), so the fan-out clients go
  // without; the store (rate limits, presence) keeps the default so a stuck Redis fails a send.
  const pub: RedisClient = createClient({ url, commandOptions: { timeout: 0 } });
  const sub: RedisClient = pub.duplicate();
  const store: RedisClient = createClient({ url });
  for (const client of [pub, sub, store]) client.on('error', (err) => logger.warn({ err: String(err) }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect(), store.connect()]);
  const presence = new RedisPresence(store, { prefix, logger });
  const limiter = new SendRateLimiter(
    new RateLimiterRedis({
      storeClient: store,
      useRedisPackage: true,
      keyPrefix: `${prefix}:send`,
      points: LIMITS.sendBurst,
      duration: LIMITS.sendWindowMs / 1000,
    }),
  );
  logger.info({ prefix }, 'scale-out through redis');
  return {
    setupIo: (io) => {
      io.adapter(createAdapter(pub, sub, { key: `${prefix}:socket.io` }));
    },
    presence,
    limiter,
    close: async () => {
      await presence.close();
      await Promise.all([pub.quit(), sub.quit(), store.quit()]);
    },
  };
}
