// Per-user budgets (send, sync, history pages, conversation creation, photo uploads, search), in memory or in Redis when processes share the load.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LIMITS } from '../../protocol/index.ts';
import type { Caller } from './caller.ts';
import { ParleyError } from './errors.ts';

/** The kinds of request that spend a per-user budget. */
export type BudgetName =
  | 'send'
  | 'sync'
  | 'historyPage'
  | 'conversationCreate'
  | 'newConversationsHourly'
  | 'newConversationsHourlyRestricted'
  | 'repeatedFirstMessage'
  | 'repeatedFirstMessageRestricted'
  | 'mute'
  | 'upload'
  | 'admin'
  | 'search';

const HOUR_MS = 3_600_000;
const TOO_MANY_CONVERSATIONS = 'Too many new conversations this hour, try again later.';
const REPEATED_FIRST_MESSAGE = 'The same first message was sent to too many people, try again later.';

/**
 * Each budget's allowance (from protocol/limits.ts, or safety defaults that `PARLEY_*` variables
 * replace) and what an over-budget caller is told. The `Restricted` ones apply to accounts younger
 * than a day and to users reported by several people (see `SpamGuard`).
 */
export const BUDGETS: Record<BudgetName, { points: number; windowMs: number; refusal: string }> = {
  send: { points: LIMITS.sendBurst, windowMs: LIMITS.sendWindowMs, refusal: 'Too many messages, slow down.' },
  sync: { points: LIMITS.syncBurst, windowMs: LIMITS.syncWindowMs, refusal: 'Too many sync requests, slow down.' },
  historyPage: {
    points: LIMITS.historyPageBurst,
    windowMs: LIMITS.historyPageWindowMs,
    refusal: 'Too many history requests, slow down.',
  },
  conversationCreate: {
    points: LIMITS.conversationCreateBurst,
    windowMs: LIMITS.conversationCreateWindowMs,
    refusal: 'Too many conversations opened, slow down.',
  },
  upload: { points: LIMITS.uploadBurst, windowMs: LIMITS.uploadWindowMs, refusal: 'Too many photos, slow down.' },
  newConversationsHourly: { points: 30, windowMs: HOUR_MS, refusal: TOO_MANY_CONVERSATIONS },
  newConversationsHourlyRestricted: { points: 5, windowMs: HOUR_MS, refusal: TOO_MANY_CONVERSATIONS },
  repeatedFirstMessage: { points: 5, windowMs: HOUR_MS, refusal: REPEATED_FIRST_MESSAGE },
  repeatedFirstMessageRestricted: { points: 2, windowMs: HOUR_MS, refusal: REPEATED_FIRST_MESSAGE },
  mute: { points: LIMITS.muteBurst, windowMs: LIMITS.muteWindowMs, refusal: 'Too many mute changes, slow down.' },
  /** Counted per site (the caller's user id is a fixed name): every key of a site shares it. */
  admin: { points: LIMITS.adminBurst, windowMs: LIMITS.adminWindowMs, refusal: 'Too many server API requests, slow down.' },
  search: { points: LIMITS.searchBurst, windowMs: LIMITS.searchWindowMs, refusal: 'Too many searches, slow down.' },
};

/** Allowances that replace those of {@link BUDGETS} (the server's configuration). */
export type BudgetPoints = Partial<Record<BudgetName, number>>;

/** One budget: throws `rate_limited` (with `retryAfterMs`) when a user spends it faster than allowed. */
export class RateBudget {
  readonly name: BudgetName;
  readonly #limiter: RateLimiterAbstract;

  /** The requests allowed per window. */
  readonly points: number;

  /** `limiter` defaults to an in-memory one with `points` (the budget's allowance from {@link BUDGETS}) per window. */
  constructor(name: BudgetName, limiter?: RateLimiterAbstract, points = BUDGETS[name].points) {
    this.name = name;
    this.points = points;
    this.#limiter = limiter ?? new RateLimiterMemory({ points, duration: BUDGETS[name].windowMs / 1000 });
  }

  /**
   * Takes one request from the caller's allowance (one per site and user, whichever socket or route
   * it came by; `about` narrows it to one thing the user does, such as one message text).
   */
  async consume(caller: Caller, about = ''): Promise<void> {
    try {
      await this.#limiter.consume(keyOf(caller, about));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const retryAfterMs = Math.max(1, Math.ceil(err.msBeforeNext));
        throw new ParleyError('rate_limited', BUDGETS[this.name].refusal, { retryAfterMs });
      }
      // Neither the shared store nor its in-memory insurance answered: refuse for now rather than let everything through.
      throw new ParleyError('unavailable', 'The service is temporarily unavailable, try again shortly.', { cause: err });
    }
  }

  /** Gives back one request taken by {@link consume} (it turned out not to count, such as an existing conversation). */
  async refund(caller: Caller, about = ''): Promise<void> {
    await this.#limiter.reward(keyOf(caller, about), 1);
  }

  /** Throws as {@link consume} would when the allowance is already spent, without spending any. */
  async check(caller: Caller, about = ''): Promise<void> {
    let used;
    try {
      used = await this.#limiter.get(keyOf(caller, about));
    } catch (err) {
      throw new ParleyError('unavailable', 'The service is temporarily unavailable, try again shortly.', { cause: err });
    }
    if (used && used.consumedPoints >= this.points) {
      const retryAfterMs = Math.max(1, Math.ceil(used.msBeforeNext));
      throw new ParleyError('rate_limited', BUDGETS[this.name].refusal, { retryAfterMs });
    }
  }
}

const keyOf = (caller: Caller, about: string) => `${caller.siteId}\u0000${caller.userId}${about ? `\u0000${about}` : ''}`;

/** The send budget (the name the message service and tests know it by). */
export class SendRateLimiter extends RateBudget {
  /** `limiter` defaults to an in-memory one with the contract's burst and window. */
  constructor(limiter?: RateLimiterAbstract) {
    super('send', limiter);
  }
}

/** Every budget, by name. */
export type RateBudgets = Record<BudgetName, RateBudget>;

const BUDGET_NAMES = Object.keys(BUDGETS) as BudgetName[];

/** In-memory budgets (one process), with `overrides` in place of some of them (tests) and `points` replacing allowances. */
export function memoryBudgets(overrides: Partial<RateBudgets> = {}, points: BudgetPoints = {}): RateBudgets {
  return Object.fromEntries(
    BUDGET_NAMES.map((name) => [name, overrides[name] ?? new RateBudget(name, undefined, points[name])]),
  ) as RateBudgets;
}

/**
 * Budgets kept in Redis under `<prefix>:<budget name>`, so that every process counts the same allowance.
 * While Redis is unreachable each budget falls back at once to an in-memory one of the same allowance
 * (`insuranceLimiter`): limits hold per process instead of per cluster, and nobody is refused for it.
 */
export function redisBudgets(storeClient: unknown, prefix: string, allowances: BudgetPoints = {}): RateBudgets {
  return Object.fromEntries(
    BUDGET_NAMES.map((name) => {
      const { windowMs } = BUDGETS[name];
      const points = allowances[name] ?? BUDGETS[name].points;
      // `send` keeps the key it always had, so a rolling deploy does not reset anyone's allowance.
      const keyPrefix = `${prefix}:${name}`;
      const duration = windowMs / 1000;
      const limiter = new RateLimiterRedis({
        storeClient,
        useRedisPackage: true,
        keyPrefix,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
      return [name, new RateBudget(name, limiter, points)];
    }),
  ) as RateBudgets;
}
