// Bounds the work of one user: a few requests at a time, a short queue, and no wait longer than a few seconds.
import { LIMITS } from '../../protocol/index.ts';
import type { Caller } from './caller.ts';
import { ParleyError } from './errors.ts';

/** The timers the queue uses; tests pass a manual clock. */
export interface QueueClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UserWorkQueueOptions {
  /** Requests of one user running at once. */
  maxRunning?: number;
  /** Requests of one user waiting for a turn; beyond, refused at once. */
  maxWaiting?: number;
  /** How long a request may wait for its turn before it is refused. */
  maxWaitMs?: number;
  clock?: QueueClock;
}

interface Waiter {
  start: () => void;
  timer: unknown;
}

interface UserLane {
  running: number;
  waiting: Waiter[];
}

const systemClock: QueueClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A per-user semaphore with a bounded, time-limited queue: one user's flood waits behind their own
 * requests only, and what cannot start within `maxWaitMs` is refused `rate_limited` instead of being
 * run long after the caller stopped listening. Per process: each server process bounds its own work.
 */
export class UserWorkQueue {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  readonly #maxWaitMs: number;
  readonly #clock: QueueClock;
  readonly #lanes = new Map<string, UserLane>();

  constructor({
    maxRunning = LIMITS.userMaxRunningRequests,
    maxWaiting = LIMITS.userMaxWaitingRequests,
    maxWaitMs = LIMITS.userMaxWaitMs,
    clock = systemClock,
  }: UserWorkQueueOptions = {}) {
    this.#maxRunning = maxRunning;
    this.#maxWaiting = maxWaiting;
    this.#maxWaitMs = maxWaitMs;
    this.#clock = clock;
  }

  /** Runs `work` for `caller` once one of their slots is free; rejects `rate_limited` when it cannot start in time. */
  async run<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    const key = `${caller.siteId}\u0000${caller.userId}`;
    let lane = this.#lanes.get(key);
    if (!lane) this.#lanes.set(key, (lane = { running: 0, waiting: [] }));
    if (lane.running >= this.#maxRunning) await this.#wait(key, lane);
    else lane.running++;
    try {
      return await work();
    } finally {
      this.#release(key, lane);
    }
  }

  /** Requests of `caller` running and waiting now. */
  load(caller: Caller): { running: number; waiting: number } {
    const lane = this.#lanes.get(`${caller.siteId}\u0000${caller.userId}`);
    return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
  }

  /** Resolves when a slot is handed over (already counted as running), or rejects when none comes in time. */
  #wait(key: string, lane: UserLane): Promise<void> {
    if (lane.waiting.length >= this.#maxWaiting) {
      return Promise.reject(new ParleyError('rate_limited', 'Too many requests at once, slow down.', { retryAfterMs: 1000 }));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        timer: this.#clock.setTimeout(() => {
          lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
          this.#forgetIfIdle(key, lane);
          reject(
            new ParleyError('rate_limited', 'Too busy with your other requests, try again shortly.', { retryAfterMs: 1000 }),
          );
        }, this.#maxWaitMs),
      };
      lane.waiting.push(waiter);
    });
  }

  /** Hands the finished request's slot to the next waiter, or frees it. */
  #release(key: string, lane: UserLane): void {
    const next = lane.waiting.shift();
    if (next) {
      this.#clock.clearTimeout(next.timer);
      next.start();
      return;
    }
    lane.running--;
    this.#forgetIfIdle(key, lane);
  }

  #forgetIfIdle(key: string, lane: UserLane): void {
    if (lane.running === 0 && lane.waiting.length === 0) this.#lanes.delete(key);
  }
}
