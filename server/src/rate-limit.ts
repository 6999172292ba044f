// Per-user send limit (20 messages per 10 s), in memory or in Redis when processes share the load.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LIMITS } from '../../protocol/index.ts';
import type { Caller } from './caller.ts';
import { ParleyError } from './errors.ts';

/** Throws `rate_limited` (with `retryAfterMs`) when a user sends faster than the contract allows. */
export class SendRateLimiter {
  readonly #limiter: RateLimiterAbstract;

  /** `limiter` defaults to an in-memory one with the contract's burst and window. */
  constructor(limiter?: RateLimiterAbstract) {
    this.#limiter =
      limiter ?? new RateLimiterMemory({ points: LIMITS.sendBurst, duration: LIMITS.sendWindowMs / 1000 });
  }

  /** Takes one send from the caller's allowance. */
  async consume(caller: Caller): Promise<void> {
    try {
      await this.#limiter.consume(`${caller.siteId}\u0000${caller.userId}`);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const retryAfterMs = Math.max(1, Math.ceil(err.msBeforeNext));
        throw new ParleyError('rate_limited', 'Too many messages, slow down.', { retryAfterMs });
      }
      // The shared store failed (Redis down): refuse for now rather than let everything through.
      throw new ParleyError('unavailable', 'The service is temporarily unavailable, try again shortly.', { cause: err });
    }
  }
}
