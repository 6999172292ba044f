// Presence shared by every server process through Redis, correct even when a process is killed.
import { createHash, randomUUID } from 'node:crypto';
import type { createClient } from 'redis';
import type { Caller } from '../caller.ts';
import type { Logger } from '../logger.ts';
import type { PresenceTracker } from './presence.ts';

type RedisClient = ReturnType<typeof createClient>;

/** Sums a user's sockets over the processes whose heartbeat key is still alive. */
const TOTAL = `
local function total(p, field)
  local sum = 0
  for _, pid in ipairs(redis.call('SMEMBERS', p .. ':presence:processes')) do
    if redis.call('EXISTS', p .. ':presence:alive:' .. pid) == 1 then
      sum = sum + tonumber(redis.call('HGET', p .. ':presence:sockets:' .. pid, field) or '0')
    end
  end
  return sum
end
`;

/** ARGV: prefix, pid, ttl, field, delta → the user's socket count over live processes afterwards. */
const CHANGE = `${TOTAL}
local p, pid, ttl, field, delta = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local sockets = p .. ':presence:sockets:' .. pid
redis.call('SADD', p .. ':presence:processes', pid)
redis.call('SET', p .. ':presence:alive:' .. pid, '1', 'EX', ttl)
local n = redis.call('HINCRBY', sockets, field, delta)
if n <= 0 then redis.call('HDEL', sockets, field) end
return total(p, field)
`;

/** ARGV: prefix, field… → each user's socket count over live processes. */
const ONLINE = `${TOTAL}
local counts = {}
for i = 2, #ARGV do counts[i - 1] = total(ARGV[1], ARGV[i]) end
return counts
`;

/** ARGV: prefix, pid, ttl → 1 when this process was still known alive, 0 when its entry had expired. */
const BEAT = `
local p, pid, ttl = ARGV[1], ARGV[2], ARGV[3]
local alive = redis.call('EXISTS', p .. ':presence:alive:' .. pid)
redis.call('SET', p .. ':presence:alive:' .. pid, '1', 'EX', ttl)
redis.call('SADD', p .. ':presence:processes', pid)
return alive
`;

/**
 * ARGV: prefix, pid → users that were connected only to dead processes (heartbeat expired). Their
 * entries are removed in the same atomic step, so exactly one surviving process reports each of them.
 */
const SWEEP = `${TOTAL}
local p, me = ARGV[1], ARGV[2]
local candidates, seen, gone = {}, {}, {}
for _, pid in ipairs(redis.call('SMEMBERS', p .. ':presence:processes')) do
  if pid ~= me and redis.call('EXISTS', p .. ':presence:alive:' .. pid) == 0 then
    local sockets = p .. ':presence:sockets:' .. pid
    for _, field in ipairs(redis.call('HKEYS', sockets)) do
      if not seen[field] then seen[field] = true; candidates[#candidates + 1] = field end
    end
    redis.call('DEL', sockets)
    redis.call('SREM', p .. ':presence:processes', pid)
  end
end
for _, field in ipairs(candidates) do
  if total(p, field) == 0 then gone[#gone + 1] = field end
end
return gone
`;

/** A Lua script run by its SHA1, sent in full only when Redis does not know it (first use, Redis restart). */
class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.#sha, { arguments: args });
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.#source, { arguments: args });
    }
  }
}

const scripts = {
  change: new LuaScript(CHANGE),
  online: new LuaScript(ONLINE),
  beat: new LuaScript(BEAT),
  sweep: new LuaScript(SWEEP),
};

export interface RedisPresenceOptions {
  /** Namespace of every key (`<prefix>:presence:…`). */
  prefix?: string;
  /** How often this process proves it is alive and looks for dead ones. */
  heartbeatMs?: number;
  /** How long a process counts as alive after its last heartbeat. */
  ttlSec?: number;
  processId?: string;
  /** Where failures of the heartbeat and of offline announcements are reported. */
  logger: Logger;
}

/**
 * Cluster-wide presence. Each process keeps its socket counts per user in its own hash and refreshes
 * an "alive" key with a TTL. Counts only add up over live processes, so the sockets of a process
 * killed with SIGKILL stop counting once its TTL runs out; the next heartbeat of any survivor then
 * removes the dead hash and reports the users who are now offline everywhere (`onOffline`).
 *
 * The scripts name keys built from the prefix, so this needs a single Redis (not Redis Cluster).
 */
export class RedisPresence implements PresenceTracker {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #pid: string;
  readonly #ttl: string;
  readonly #logger: Logger;
  readonly #timer: NodeJS.Timeout;
  /** This process's own counts: rewritten to Redis if its entry ever expired (a long stall). */
  readonly #local = new Map<string, number>();
  readonly #offlineListeners: Array<(user: Caller) => Promise<void>> = [];
  /** A change did not reach Redis (it was unreachable): the next heartbeat rewrites this process's counts. */
  #stale = false;

  constructor(
    redis: RedisClient,
    { prefix = 'parley', heartbeatMs = 5000, ttlSec = 15, processId = randomUUID(), logger }: RedisPresenceOptions,
  ) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#pid = processId;
    this.#ttl = String(ttlSec);
    this.#logger = logger;
    this.#timer = setInterval(
      () => void this.beat().catch((err) => this.#logger.warn({ err: String(err) }, 'presence heartbeat failed')),
      heartbeatMs,
    );
    this.#timer.unref();
  }

  async connected(siteId: string, userId: string): Promise<boolean> {
    return (await this.#change(siteId, userId, 1)) === 1;
  }

  async disconnected(siteId: string, userId: string): Promise<boolean> {
    return (await this.#change(siteId, userId, -1)) <= 0;
  }

  async online(siteId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const counts = (await scripts.online.run(this.#redis, [this.#prefix, ...userIds.map((u) => field(siteId, u))])) as number[];
    return new Set(userIds.filter((_, i) => Number(counts[i]) > 0));
  }

  onOffline(listener: (user: Caller) => Promise<void>): void {
    this.#offlineListeners.push(listener);
  }

  /** Refreshes this process's entry, then removes dead processes and reports who went offline with them. */
  async beat(): Promise<void> {
    const alive = await scripts.beat.run(this.#redis, [this.#prefix, this.#pid, this.#ttl]);
    if (Number(alive) === 0 || this.#stale) {
      // Our entry expired (a stall, a long Redis outage) and may have been swept, or changes made while
      // Redis was unreachable never reached it: write our counts back.
      this.#stale = false;
      const key = `${this.#prefix}:presence:sockets:${this.#pid}`;
      const write = this.#redis.multi().del(key);
      if (this.#local.size > 0) write.hSet(key, Object.fromEntries(this.#local));
      await write.exec().catch((err: unknown) => {
        this.#stale = true;
        throw err;
      });
    }
    const gone = (await scripts.sweep.run(this.#redis, [this.#prefix, this.#pid])) as string[];
    for (const f of gone) {
      const [siteId, userId] = f.split('\u0000') as [string, string];
      for (const listener of this.#offlineListeners) {
        listener({ siteId, userId }).catch((err) =>
          this.#logger.warn({ err: String(err) }, 'presence offline announcement failed'),
        );
      }
    }
  }

  async #change(siteId: string, userId: string, delta: 1 | -1): Promise<number> {
    const f = field(siteId, userId);
    const n = (this.#local.get(f) ?? 0) + delta;
    if (n > 0) this.#local.set(f, n);
    else this.#local.delete(f);
    try {
      return Number(await scripts.change.run(this.#redis, [this.#prefix, this.#pid, this.#ttl, f, String(delta)]));
    } catch (err) {
      this.#stale = true;
      throw err;
    }
  }

  /** Forgets this process's sockets (on a clean shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const p = this.#prefix;
    await this.#redis
      .multi()
      .del([`${p}:presence:sockets:${this.#pid}`, `${p}:presence:alive:${this.#pid}`])
      .sRem(`${p}:presence:processes`, this.#pid)
      .exec();
  }
}

function field(siteId: string, userId: string): string {
  return `${siteId}\u0000${userId}`;
}
