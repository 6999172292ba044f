// Reads the server's configuration from environment variables, once, with defaults for local use.

/** Everything the server reads from its environment. */
export interface ParleyConfig {
  port: number;
  host: string;
  /** A real PostgreSQL; when absent the embedded PGlite under `dataDir` is used. */
  databaseUrl: string | null;
  /** When set, Socket.IO and rate limits are shared through Redis. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Where the embedded database and other local state live. */
  dataDir: string;
  /** Serves the demo marketplace and creates the demo site. */
  demo: boolean;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** JWT algorithms accepted; HS256 unless PARLEY_JWT_ALGORITHMS says otherwise. */
  jwtAlgorithms: string[];
  /** Milliseconds SIGTERM waits for requests in flight before closing anyway. */
  shutdownGraceMs: number;
}

const HMAC_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);

/** Reads {@link ParleyConfig} from `env`; throws a readable error on a malformed value. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ParleyConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const jwtAlgorithms = (env.PARLEY_JWT_ALGORITHMS ?? 'HS256').split(',').map((a) => a.trim()).filter(Boolean);
  for (const alg of jwtAlgorithms) {
    if (!HMAC_ALGORITHMS.has(alg)) throw new Error(`PARLEY_JWT_ALGORITHMS: unsupported algorithm "${alg}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.PARLEY_REDIS_PREFIX || 'parley',
    dataDir: env.PARLEY_DATA_DIR || '.parley',
    demo: env.PARLEY_DEMO === '1',
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    jwtAlgorithms,
    shutdownGraceMs: Number(env.PARLEY_SHUTDOWN_GRACE_MS ?? 10_000),
  };
}
