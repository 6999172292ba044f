// SQL of the durable job queue: enqueue, claim under a lease, and finish (done, later, failed) fenced by the attempt.
import type { TransactionSql } from 'postgres';
import type { Sql } from '../db/sql.ts';

/** A transaction of the server's client (what `sql.begin` hands its callback). */
export type Tx = TransactionSql<Record<string, never>>;

/** A claimed job, as its handler sees it. */
export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  /** This attempt's number (1 for the first); it also fences the completion (see {@link JobsRepository.complete}). */
  attempts: number;
  createdAt: Date;
  dueAt: Date;
  maxAgeSeconds: number;
}

/** A job to store. */
export interface NewJob {
  kind: string;
  payload: unknown;
  /** When it may run (now by default). */
  dueAt?: Date;
  /** At most one queued job holds a given key: enqueuing another one with it does nothing. */
  coalesceKey?: string | null;
  /** After a failure past this age the job is marked failed instead of retried (25 h by default). */
  maxAgeSeconds?: number;
}

/** A job that failed for good, for the CLI's `failed` listing. */
export interface FailedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  due_at: Date;
  max_age_seconds: number;
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload,
  attempts: r.attempts,
  createdAt: r.created_at,
  dueAt: r.due_at,
  maxAgeSeconds: r.max_age_seconds,
});

/** Longest error text kept on a job. */
const MAX_ERROR_CHARS = 500;

/** The `jobs` table. Every time comes from the runner's clock, so tests move time instead of sleeping. */
export class JobsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Stores a job (in `tx` when given, so that it commits with the change that caused it). */
  async enqueue(job: NewJob, tx: Sql | Tx = this.#sql): Promise<void> {
    await tx`
      INSERT INTO jobs (kind, payload, coalesce_key, due_at, max_age_seconds)
      VALUES (${job.kind}, ${tx.json(job.payload as never)}, ${job.coalesceKey ?? null}, ${job.dueAt ?? new Date()},
              ${job.maxAgeSeconds ?? 90_000})
      ON CONFLICT (coalesce_key) WHERE state = 'queued' DO NOTHING`;
  }

  /**
   * Claims up to `limit` due jobs nobody holds: each gets a lease until `now + leaseMs` and its next
   * attempt number. Rows another process is claiming at the same moment are skipped, not waited for.
   */
  async claim(limit: number, now: Date, leaseMs: number): Promise<Job[]> {
    const rows = await this.#sql<JobRow[]>`
      UPDATE jobs j SET locked_until = ${now}::timestamptz + ${leaseMs} * interval '1 millisecond', attempts = j.attempts + 1
      FROM (
        SELECT id FROM jobs
        WHERE state = 'queued' AND due_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY due_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) due
      WHERE j.id = due.id
      RETURNING j.id, j.kind, j.payload, j.attempts, j.created_at, j.due_at, j.max_age_seconds`;
    return rows.map(toJob);
  }

  /**
   * Marks the job done (in `tx` when it commits with other work), only if this claim still holds it (no
   * later claim took it after the lease expired): false otherwise, and the caller then rolls `tx` back.
   */
  async complete(tx: Sql | Tx, job: Job, now: Date): Promise<boolean> {
    const rows = await tx`
      UPDATE jobs SET state = 'done', finished_at = ${now}, locked_until = NULL, last_error = NULL
      WHERE id = ${job.id} AND attempts = ${job.attempts} AND state = 'queued'
      RETURNING 1`;
    return rows.length > 0;
  }

  /** Puts the job back for another attempt at `dueAt` (only if this claim still holds it). */
  async retryLater(job: Job, dueAt: Date, error: string): Promise<void> {
    await this.#sql`
      UPDATE jobs SET due_at = ${dueAt}, locked_until = NULL, last_error = ${error.slice(0, MAX_ERROR_CHARS)}
      WHERE id = ${job.id} AND attempts = ${job.attempts} AND state = 'queued'`;
  }

  /** Marks the job failed for good (only if this claim still holds it). */
  async fail(job: Job, now: Date, error: string): Promise<void> {
    await this.#sql`
      UPDATE jobs SET state = 'failed', finished_at = ${now}, locked_until = NULL, last_error = ${error.slice(0, MAX_ERROR_CHARS)}
      WHERE id = ${job.id} AND attempts = ${job.attempts} AND state = 'queued'`;
  }

  /** Deletes up to `limit` jobs done before `before` (a done job is kept a while for inspection); returns how many. */
  async pruneDone(before: Date, limit = 10_000): Promise<number> {
    const rows = await this.#sql`
      DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE state = 'done' AND finished_at < ${before} LIMIT ${limit})
      RETURNING 1`;
    return rows.length;
  }

  /** Failed jobs of these kinds, newest first, optionally only those whose payload contains `match`. */
  async failed(kinds: string[], limit: number, match: Record<string, unknown> = {}): Promise<FailedJob[]> {
    const rows = await this.#sql<(JobRow & { last_error: string | null; finished_at: Date | null })[]>`
      SELECT id, kind, payload, attempts, created_at, due_at, max_age_seconds, last_error, finished_at FROM jobs
      WHERE state = 'failed' AND kind = ANY(${kinds}) AND payload @> ${this.#sql.json(match as never)}
      ORDER BY finished_at DESC LIMIT ${limit}`;
    return rows.map((r) => ({ ...toJob(r), lastError: r.last_error, finishedAt: r.finished_at }));
  }

  /**
   * Queues a failed job again, due now, with a fresh age (another full retry period). False when no
   * failed job of these kinds has this id (or its payload does not contain `match`).
   */
  async requeue(id: number, kinds: string[], match: Record<string, unknown> = {}): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE jobs SET state = 'queued', due_at = now(), created_at = now(), finished_at = NULL, locked_until = NULL,
                      coalesce_key = NULL
      WHERE id = ${id} AND state = 'failed' AND kind = ANY(${kinds}) AND payload @> ${this.#sql.json(match as never)}
      RETURNING 1`;
    return rows.length > 0;
  }
}
