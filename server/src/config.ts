// Reads the server's configuration from environment variables, once, with defaults for local use.
import type { S3StorageOptions } from './uploads/s3-storage.ts';
import type { BudgetPoints } from './rate-limit.ts';
import { ConfigError, EnvReader } from './env-reader.ts';

export { ConfigError };

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
  /**
   * Sockets one user may hold open on one server process (`PARLEY_MAX_SOCKETS_PER_USER`, default
   * {@link DEFAULT_MAX_SOCKETS_PER_USER}); the handshake beyond is refused with code `rate_limited`.
   */
  maxSocketsPerUser: number;
  /** Email digests, webhooks and the job queue that delivers them (docs/notifications.md). */
  notify: NotifyConfig;
  /** Signs photo URLs (`PARLEY_SECRET`); when absent, one is generated once into `<dataDir>/secret`. */
  secret: string | null;
  /** Photos one process decodes and encodes at once (`PARLEY_UPLOAD_CONCURRENCY`, default 2). */
  uploadConcurrency: number;
  /** S3-compatible storage for photos (`PARLEY_S3_*`); null: files under `<dataDir>/uploads`. */
  s3: S3StorageOptions | null;
  /**
   * Per-user allowances replaced from the environment: new conversations per hour
   * (`PARLEY_NEW_CONVERSATIONS_PER_HOUR`, default 30) and for accounts younger than a day or reported
   * by several users (`PARLEY_RESTRICTED_CONVERSATIONS_PER_HOUR`, default 5).
   */
  budgetPoints: BudgetPoints;
  /** `PARLEY_METRICS_TOKEN`: `/metrics` answers `Authorization: Bearer <it>`; null: no `/metrics` route. */
  metricsToken: string | null;
  /** `PARLEY_LOG_FORMAT`: `json`, `pretty`, or `auto` (pretty when stdout is a terminal; the default). */
  logFormat: LogFormat;
}

/** How log lines are written: JSON, or the coloured lines of pino-pretty. */
export type LogFormat = 'json' | 'pretty' | 'auto';

/** What the email digests, the webhooks and the job runner read from the environment. */
export interface NotifyConfig {
  /** `PARLEY_SMTP_URL` (`smtp://user:pass@host:port`, `smtps://…`); null: no email is sent. */
  smtpUrl: string | null;
  /** `PARLEY_MAIL_FROM`: the From of every email. */
  mailFrom: string;
  /** `PARLEY_PUBLIC_URL`: the server's public origin, for the unsubscribe links in emails. */
  publicUrl: string | null;
  /** `PARLEY_EMAIL_DELAY`: seconds a message stays unread before it is emailed, unless the site says otherwise. */
  emailDelaySeconds: number;
  /** `PARLEY_JOB_CONCURRENCY`: jobs (emails, webhook deliveries) one process runs at once. */
  jobConcurrency: number;
  /** `PARLEY_JOB_POLL_MS`: how often a process looks for due jobs. */
  jobPollMs: number;
  /** `PARLEY_JOB_LEASE_MS`: how long a claimed job is held before another process may retry it. */
  jobLeaseMs: number;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE=1`: webhooks may go to loopback and private addresses (tests, a private network). */
  webhookAllowPrivate: boolean;
}

/** Seconds a message stays unread before it is emailed, unless PARLEY_EMAIL_DELAY or the site says otherwise. */
export const DEFAULT_EMAIL_DELAY_SECONDS = 180;

/** The notification settings when the environment says nothing (what tests and `createApplication` start from). */
export const DEFAULT_NOTIFY_CONFIG: NotifyConfig = {
  smtpUrl: null,
  mailFrom: 'Parley <parley@localhost>',
  publicUrl: null,
  emailDelaySeconds: DEFAULT_EMAIL_DELAY_SECONDS,
  jobConcurrency: 4,
  jobPollMs: 1000,
  jobLeaseMs: 60_000,
  webhookAllowPrivate: false,
};

/** Sockets per user and process unless PARLEY_MAX_SOCKETS_PER_USER says otherwise: a user's tabs and devices. */
export const DEFAULT_MAX_SOCKETS_PER_USER = 20;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** The shortest metrics token accepted: a short one could be guessed by a scraper's neighbours. */
const METRICS_TOKEN_MIN_CHARS = 16;

/**
 * Reads {@link ParleyConfig} from `env`. Every variable is checked before anything starts; when some
 * are wrong, throws one {@link ConfigError} naming each of them and what it expects.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ParleyConfig {
  const read = new EnvReader(env);
  const config: ParleyConfig = {
    notify: readNotifyConfig(read),
    port: read.integer('PORT', 8787, 0, 65535, 'a port number'),
    host: env.HOST || '127.0.0.1',
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: env.PARLEY_REDIS_PREFIX || 'parley',
    dataDir: env.PARLEY_DATA_DIR || '.parley',
    demo: read.flag('PARLEY_DEMO'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, env.NODE_ENV === 'test' ? 'silent' : 'info'),
    logFormat: read.oneOf('PARLEY_LOG_FORMAT', ['json', 'pretty', 'auto'] as const, 'auto'),
    jwtAlgorithms: read.list('PARLEY_JWT_ALGORITHMS', ['HS256', 'HS384', 'HS512'], 'HS256'),
    shutdownGraceMs: read.integer('PARLEY_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    maxSocketsPerUser: read.integer('PARLEY_MAX_SOCKETS_PER_USER', DEFAULT_MAX_SOCKETS_PER_USER, 1),
    budgetPoints: {
      newConversationsHourly: read.integer('PARLEY_NEW_CONVERSATIONS_PER_HOUR', 30, 1),
      newConversationsHourlyRestricted: read.integer('PARLEY_RESTRICTED_CONVERSATIONS_PER_HOUR', 5, 1),
    },
    secret: env.PARLEY_SECRET || null,
    uploadConcurrency: read.integer('PARLEY_UPLOAD_CONCURRENCY', 2, 1),
    s3: readS3(read, env),
    metricsToken: read.secret('PARLEY_METRICS_TOKEN', METRICS_TOKEN_MIN_CHARS),
  };
  read.done();
  return config;
}

/**
 * {@link readConfig} for an entry point (the server, a CLI): a wrong configuration is printed to
 * stderr as one line per variable, without a stack trace, and the process exits with status 1.
 */
export function readConfigOrExit(env: NodeJS.ProcessEnv = process.env): ParleyConfig {
  try {
    return readConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Parley cannot start: the configuration is wrong.\n${err.problems.map((p) => `  - ${p}\n`).join('')}`);
    process.exit(1);
  }
}

/** `PARLEY_S3_BUCKET` turns S3 storage on; then the endpoint and both keys are required. */
function readS3(read: EnvReader, env: NodeJS.ProcessEnv): S3StorageOptions | null {
  const bucket = env.PARLEY_S3_BUCKET;
  if (!bucket) return null;
  const endpoint = read.url('PARLEY_S3_ENDPOINT', ['http:', 'https:']);
  const { PARLEY_S3_ACCESS_KEY_ID: accessKeyId, PARLEY_S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  for (const [name, value] of [
    ['PARLEY_S3_ENDPOINT', endpoint],
    ['PARLEY_S3_ACCESS_KEY_ID', accessKeyId],
    ['PARLEY_S3_SECRET_ACCESS_KEY', secretAccessKey],
  ] as const) {
    if (!value && !read.has(name)) read.problem(name, 'is required when PARLEY_S3_BUCKET is set');
  }
  if (!endpoint || !accessKeyId || !secretAccessKey) return null;
  return {
    endpoint,
    bucket,
    region: env.PARLEY_S3_REGION || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    prefix: env.PARLEY_S3_PREFIX || '',
  };
}

/** Reads {@link NotifyConfig}, each wrong variable noted in `read`. */
function readNotifyConfig(read: EnvReader): NotifyConfig {
  const d = DEFAULT_NOTIFY_CONFIG;
  const publicUrl = read.url('PARLEY_PUBLIC_URL', ['http:', 'https:']);
  return {
    smtpUrl: read.url('PARLEY_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: read.raw('PARLEY_MAIL_FROM') || d.mailFrom,
    publicUrl: publicUrl ? new URL(publicUrl).origin : null,
    emailDelaySeconds: read.integer('PARLEY_EMAIL_DELAY', d.emailDelaySeconds, 0, 86_400),
    jobConcurrency: read.integer('PARLEY_JOB_CONCURRENCY', d.jobConcurrency, 1, 256),
    jobPollMs: read.integer('PARLEY_JOB_POLL_MS', d.jobPollMs, 10, 3_600_000),
    jobLeaseMs: read.integer('PARLEY_JOB_LEASE_MS', d.jobLeaseMs, 1000, 86_400_000),
    webhookAllowPrivate: read.flag('PARLEY_WEBHOOK_ALLOW_PRIVATE'),
  };
}
