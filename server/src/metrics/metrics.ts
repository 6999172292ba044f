// The process's Prometheus metrics (prom-client): every instrument, and the few hooks the server calls.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServerToClientEvents } from '../../../protocol/index.ts';
import type { Sql } from '../db/sql.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../realtime/notifier.ts';

/** Seconds: from 1 ms to 10 s, where a chat request's answer time lives. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Fan-out is an in-process emit (a Redis publish at most): finer buckets, from 50 µs. */
const FANOUT_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];
/** A scrape's database counts give up after this long (a database outage must not hang /metrics). */
const COLLECT_TIMEOUT_MS = 2000;

export interface ParleyMetricsOptions {
  sql: Sql;
  logger: Logger;
  /** Sockets connected to this process now. */
  sockets: () => number;
  /** Also the process metrics (CPU, memory, event loop lag, GC): on when `/metrics` is served. */
  processMetrics?: boolean;
}

/**
 * Every Parley metric of one process, in its own registry (several applications in one test process
 * stay apart). Counters and histograms are fed by the hooks below; the gauges are read at each scrape.
 */
export class ParleyMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  readonly #messages: Counter;
  readonly #requestSeconds: Histogram<'event' | 'outcome'>;
  readonly #syncMessages: Histogram;
  readonly #fanoutSeconds: Histogram<'event'>;
  readonly #jobFailures: Counter<'kind' | 'final'>;

  constructor({ sql, logger, sockets, processMetrics = false }: ParleyMetricsOptions) {
    const registers = [this.registry];
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'parley_connected_sockets',
      help: 'Socket.IO connections open on this process.',
      registers,
      collect() {
        this.set(sockets());
      },
    });
    this.#messages = new Counter({
      name: 'parley_messages_total',
      help: 'Messages stored and pushed to their conversation (user and system); rate() gives messages per second.',
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: 'parley_socket_request_seconds',
      help: 'Socket request time from arrival to ack; event="message:send" is the send latency (acked after commit), event="sync" the cost of a catch-up.',
      labelNames: ['event', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#syncMessages = new Histogram({
      name: 'parley_sync_messages',
      help: 'Messages returned by one sync; its _count is the number of syncs answered.',
      buckets: [0, 1, 10, 50, 100, 250, 500, 1000],
      registers,
    });
    this.#fanoutSeconds = new Histogram({
      name: 'parley_fanout_seconds',
      help: 'Time to push one event to its recipients (signing photo URLs, encoding, emitting to rooms or Redis).',
      labelNames: ['event'],
      buckets: FANOUT_BUCKETS,
      registers,
    });
    this.#jobFailures = new Counter({
      name: 'parley_job_failures_total',
      help: 'Job attempts that failed (emails, webhook deliveries); final="true" when the job will not be retried.',
      labelNames: ['kind', 'final'],
      registers,
    });
    const bounded = async <T>(what: string, query: () => Promise<T>): Promise<T | null> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          query(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS))),
        ]);
      } catch (err) {
        logger.warn({ err: String(err) }, `metrics: ${what} could not be read`);
        return null;
      } finally {
        clearTimeout(timer);
      }
    };
    new Gauge({
      name: 'parley_job_queue',
      help: 'Jobs in the shared table: state="queued" waiting, "due" of those ready to run now, "failed" given up and kept for inspection.',
      labelNames: ['state'],
      registers,
      async collect() {
        const rows = await bounded(
          'job queue',
          () => sql<{ queued: number; due: number; failed: number }[]>`
            SELECT count(*) FILTER (WHERE state = 'queued') AS queued,
                   count(*) FILTER (WHERE state = 'queued' AND due_at <= now()) AS due,
                   count(*) FILTER (WHERE state = 'failed') AS failed
            FROM jobs WHERE state IN ('queued', 'failed')`,
        );
        this.reset();
        if (!rows?.[0]) return;
        for (const state of ['queued', 'due', 'failed'] as const) this.set({ state }, Number(rows[0][state]));
      },
    });
    const poolMax = sql.options.max;
    const applicationName = sql.options.connection.application_name;
    new Gauge({
      name: 'parley_db_pool_connections',
      help: 'Database connections of this process: state="max" the pool size, "active" running a query (this scrape included), "idle" open and free.',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        this.set({ state: 'max' }, poolMax);
        if (!applicationName) return;
        const rows = await bounded(
          'pool usage',
          () => sql<{ state: string | null; n: number }[]>`
            SELECT state, count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = ${String(applicationName)} AND datname = current_database() GROUP BY state`,
        );
        for (const row of rows ?? []) {
          if (row.state === 'active' || row.state === 'idle') this.set({ state: row.state }, row.n);
        }
      },
    });
  }

  /** Socket handlers call this as they ack: `started` is `performance.now()` when the request arrived. */
  requestAnswered(event: string, started: number, outcome: 'ok' | string, data?: unknown): void {
    this.#requestSeconds.observe({ event, outcome }, (performance.now() - started) / 1000);
    if (event === 'sync' && outcome === 'ok') {
      const messages = (data as { messages?: unknown[] } | undefined)?.messages;
      this.#syncMessages.observe(Array.isArray(messages) ? messages.length : 0);
    }
  }

  /** The job runner calls this for each failed attempt. */
  jobFailed(kind: string, final: boolean): void {
    this.#jobFailures.inc({ kind, final: String(final) });
  }

  /** Wraps the notifier services push through: each push is timed, each `message:created` counted. */
  notifier(inner: Notifier): Notifier {
    const messages = this.#messages;
    const fanout = this.#fanoutSeconds;
    return {
      toUsers<E extends keyof ServerToClientEvents>(
        siteId: string,
        userIds: readonly string[],
        event: E,
        ...args: Parameters<ServerToClientEvents[E]>
      ): void {
        const started = performance.now();
        inner.toUsers(siteId, userIds, event, ...args);
        fanout.observe({ event }, (performance.now() - started) / 1000);
        if (event === 'message:created') messages.inc();
      },
      disconnectUsers: (siteId, userIds) => inner.disconnectUsers(siteId, userIds),
    };
  }
}
