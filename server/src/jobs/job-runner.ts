// Runs stored jobs: claims due ones (several processes share the table), runs each under a lease, finishes or retries it.
import type { Sql } from '../db/sql.ts';
import type { Logger } from '../logger.ts';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
import { type Job, JobsRepository, type Tx } from './jobs.repository.ts';

/**
 * What a handler may give back: work to do in the transaction that marks the job done (recording
 * what was sent, queuing the jobs that follow), committed only if this claim still holds the job.
 */
export type JobCommit = (tx: Tx) => Promise<void>;

/** What a handler is told besides the job. */
export interface JobContext {
  /** The runner's clock at the start of this attempt (ms since the epoch). */
  now: number;
}

/** Runs one kind of job. Throwing retries the job later (or fails it, see {@link PermanentJobError}). */
export interface JobHandler {
  kind: string;
  run(job: Job, context: JobContext): Promise<JobCommit | void>;
  /** How failures are retried ({@link DEFAULT_RETRY} when absent). */
  retry?: RetryPolicy;
}

/** A failure no retry can fix (a malformed payload): the job is marked failed at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** How long a finished job stays in the table (for inspection) before a runner deletes it. */
const KEEP_DONE_MS = 24 * 3600_000;
/** How often a runner deletes old finished jobs. */
const PRUNE_EVERY_MS = 3600_000;

/** The claim lost its job: the lease expired and another claim took it, so this one's result is dropped. */
class LostLeaseError extends Error {
  override name = 'LostLeaseError';
}

export interface JobRunnerOptions {
  sql: Sql;
  handlers: JobHandler[];
  logger: Logger;
  /** The clock every due time and lease is measured with (injectable: tests move time instead of sleeping). */
  clock?: () => number;
  /** Jobs run at once by this process (PARLEY_JOB_CONCURRENCY, default 4). */
  concurrency?: number;
  /** How often the table is looked at for due jobs when nothing woke the runner (PARLEY_JOB_POLL_MS, default 1000). */
  pollMs?: number;
  /** How long a claim holds a job before another process may take it (PARLEY_JOB_LEASE_MS, default 60 s). */
  leaseMs?: number;
  /** The jitter's randomness (injectable for tests). */
  random?: () => number;
  /** Told of each failed attempt (the metrics); `final` when the job will not be retried. */
  onFailure?: (kind: string, final: boolean) => void;
}

/**
 * Runs jobs from the `jobs` table. Several processes may run one each: a job is claimed with
 * `FOR UPDATE SKIP LOCKED` and leased; its completion is fenced by its attempt number, so a process
 * that stalls past its lease cannot finish a job another one has taken since. A process killed mid-job
 * leaves the job to be claimed again once the lease expires: delivery is at least once.
 */
export class JobRunner {
  readonly #sql: Sql;
  readonly #repo: JobsRepository;
  readonly #handlers: Map<string, JobHandler>;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #random: () => number;
  readonly #onFailure: ((kind: string, final: boolean) => void) | undefined;
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #started = false;
  #pass: Promise<number> | null = null;
  #again = false;
  #stopped = false;
  #prunedAt = 0;

  constructor({
    sql,
    handlers,
    logger,
    clock = Date.now,
    concurrency = 4,
    pollMs = 1000,
    leaseMs = 60_000,
    random = Math.random,
    onFailure,
  }: JobRunnerOptions) {
    this.#onFailure = onFailure;
    this.#sql = sql;
    this.#repo = new JobsRepository(sql);
    this.#handlers = new Map(handlers.map((h) => [h.kind, h]));
    this.#logger = logger;
    this.#clock = clock;
    this.#concurrency = Math.max(1, concurrency);
    this.#pollMs = pollMs;
    this.#leaseMs = leaseMs;
    this.#random = random;
  }

  /** The queue's table, for callers that enqueue or list jobs. */
  get repository(): JobsRepository {
    return this.#repo;
  }

  /** Starts polling: a pass now, then one every `pollMs` (and whenever {@link wake} is called). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.wake();
  }

  /** Runs a pass soon (after a job was queued that may be due at once). */
  wake(): void {
    if (!this.#started) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.runDue()
      .catch((err: unknown) => this.#logger.warn({ err: String(err) }, 'job pass failed'))
      .finally(() => {
        if (!this.#started) return;
        const delay = this.#again ? 0 : this.#pollMs;
        this.#again = false;
        this.#timer = setTimeout(() => this.wake(), delay);
        this.#timer.unref();
      });
  }

  /**
   * Claims and runs due jobs, `concurrency` at a time, until none is due; resolves with how many ran
   * once every one of them has finished. Tests call it after moving the clock.
   */
  runDue(): Promise<number> {
    this.#pass ??= this.#runPass().finally(() => (this.#pass = null));
    return this.#pass;
  }

  async #runPass(): Promise<number> {
    let claimed = 0;
    while (!this.#stopped) {
      const free = this.#concurrency - this.#running.size;
      if (free <= 0) {
        await Promise.race(this.#running);
        continue;
      }
      const jobs = await this.#repo.claim(free, new Date(this.#clock()), this.#leaseMs);
      if (jobs.length === 0) break;
      claimed += jobs.length;
      for (const job of jobs) {
        const running: Promise<void> = this.#execute(job).finally(() => this.#running.delete(running));
        this.#running.add(running);
      }
    }
    await Promise.all(this.#running);
    await this.#prune();
    return claimed;
  }

  /** At most once an hour: deletes the jobs done more than a day ago, so the table stays small. */
  async #prune(): Promise<void> {
    const now = this.#clock();
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    const deleted = await this.#repo.pruneDone(new Date(now - KEEP_DONE_MS));
    if (deleted > 0) this.#logger.info({ deleted }, 'old finished jobs deleted');
  }

  async #execute(job: Job): Promise<void> {
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentJobError(`no handler for jobs of kind "${job.kind}"`);
      const commit = await handler.run(job, { now: this.#clock() });
      if (!commit) {
        // Nothing to commit with it: one statement, no transaction round trips.
        if (!(await this.#repo.complete(this.#sql, job, new Date(this.#clock())))) throw new LostLeaseError();
        return;
      }
      await this.#sql.begin(async (tx) => {
        if (!(await this.#repo.complete(tx, job, new Date(this.#clock())))) throw new LostLeaseError();
        await commit(tx);
      });
    } catch (err) {
      await this.#failed(job, handler, err).catch((failure: unknown) =>
        this.#logger.warn({ err: String(failure), jobId: job.id }, 'could not record a job failure'),
      );
    }
  }

  async #failed(job: Job, handler: JobHandler | undefined, err: unknown): Promise<void> {
    if (err instanceof LostLeaseError) {
      this.#logger.warn({ jobId: job.id, kind: job.kind }, 'job lease expired before it finished: its result is dropped');
      return;
    }
    const now = this.#clock();
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const expired = now - job.createdAt.getTime() >= job.maxAgeSeconds * 1000;
    const final = err instanceof PermanentJobError || expired;
    this.#onFailure?.(job.kind, final);
    if (final) {
      this.#logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error }, 'job failed for good');
      await this.#repo.fail(job, new Date(now), error);
      return;
    }
    const delay = backoffMs(job.attempts, handler?.retry ?? DEFAULT_RETRY, this.#random);
    this.#logger.info({ jobId: job.id, kind: job.kind, attempts: job.attempts, retryInMs: delay, error }, 'job will be retried');
    await this.#repo.retryLater(job, new Date(now + delay), error);
  }

  /** Stops polling and waits (up to `graceMs`) for the jobs running now; unfinished ones run again after their lease. */
  async stop(graceMs: number): Promise<void> {
    this.#started = false;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    let timer: NodeJS.Timeout | undefined;
    const pending = this.#pass ?? Promise.all(this.#running);
    await Promise.race([pending.catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
