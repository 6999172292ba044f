// Scale-out through Redis: the Socket.IO adapter, shared per-user budgets and cluster-wide presence.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.ts';
import { type BudgetPoints, redisBudgets, type RateBudgets } from '../rate-limit.ts';
import { RedisPresence } from './redis-presence.ts';
import type { ParleyIo } from './socket-server.ts';

export { RedisPresence } from './redis-presence.ts';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisScaleOutOptions {
  url: string;
  /** Prefix of every key and channel (`PARLEY_REDIS_PREFIX`, default `parley`). */
  prefix?: string;
  logger: Logger;
  /** Allowances replacing the defaults (the configuration's). */
  allowances?: BudgetPoints;
}

/** What `startServer` needs to act as one of several processes, and how to close it. */
export interface RedisScaleOut {
  setupIo: (io: ParleyIo) => void;
  presence: RedisPresence;
  /** Every per-user budget, counted in Redis so that all processes share each user's allowance. */
  budgets: RateBudgets;
  close: () => Promise<void>;
}

/** Connects to Redis and returns the pieces that make several processes act as one. */
export async function redisScaleOut({
  url,
  prefix = 'parley',
  logger,
  allowances,
}: RedisScaleOutOptions): Promise<RedisScaleOut> {
  // node-redis gives every command a 5 s timeout through its own AbortSignal.timeout(), a timer and a
  // DOMException per command: at two publishes per message that was most of a process's garbage.
  // Publishes are fire-and-forget (a lost connection rejects them anyway), so the fan-out clients go
  // without; the store (rate limits, presence) keeps the default so a stuck Redis fails a send.
  const pub: RedisClient = createClient({ url, commandOptions: { timeout: 0 } });
  const sub: RedisClient = pub.duplicate();
  // No offline queue for the store: while Redis is unreachable a budget falls back to its in-memory
  // insurance and presence gives up at once, rather than each request waiting for the 5 s timeout.
  const store: RedisClient = createClient({ url, disableOfflineQueue: true });
  for (const client of [pub, sub, store]) client.on('error', (err) => logger.warn({ err: String(err) }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect(), store.connect()]);
  const presence = new RedisPresence(store, { prefix, logger });
  afterReconnect(store, () => {
    presence.beat().catch((err) => logger.warn({ err: String(err) }, 'presence heartbeat failed'));
  });
  const budgets = redisBudgets(store, prefix, allowances);
  logger.info({ prefix }, 'scale-out through redis');
  return {
    setupIo: (io) => {
      io.adapter(createAdapter(quietPublisher(pub, logger), sub, { key: `${prefix}:socket.io` }));
      afterReconnect(sub, () => {
        // Events other processes published while the subscriber was away are gone: this process's
        // sockets catch up with `sync`, as after a reconnection of their own.
        logger.info('redis fan-out restored; asking local sockets to sync');
        io.local.emit('sync:needed', { reason: 'fan_out_restored' });
      });
    },
    presence,
    budgets,
    close: async () => {
      await presence.close();
      await Promise.all([pub.quit(), sub.quit(), store.quit()]);
    },
  };
}

/** Calls `fn` each time `client` is ready again after losing its connection (not on the first connect). */
function afterReconnect(client: RedisClient, fn: () => void): void {
  let lost = false;
  client.on('reconnecting', () => (lost = true));
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    fn();
  });
}

/**
 * `pub` with a `publish` that never rejects: the adapter publishes without awaiting, and a publish
 * written just before the connection dropped (Redis restarting, a cut) would otherwise reach the
 * process as an unhandled rejection. Publishes made while disconnected wait in the offline queue.
 */
function quietPublisher(pub: RedisClient, logger: Logger): RedisClient {
  const publish = (channel: string, message: string) =>
    pub.publish(channel, message).catch((err: unknown) => {
      logger.warn({ err: String(err), channel }, 'redis publish lost; receivers catch up with sync');
      return 0;
    });
  return new Proxy(pub, {
    get(target, key) {
      if (key === 'publish') return publish;
      const value = Reflect.get(target, key) as unknown;
      // Methods run on the client itself: node-redis keeps its state in private fields.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
