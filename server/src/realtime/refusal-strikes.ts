// Tells a client that keeps sending after `rate_limited` from one that slows down, so its flood can be cut.
import { LIMITS } from '../../../protocol/index.ts';

export interface RefusalStrikesOptions {
  /** `rate_limited` answers allowed per window. */
  max?: number;
  windowMs?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/** Counts the `rate_limited` answers of one socket in fixed windows. */
export class RefusalStrikes {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #windowStart: number;
  #count = 0;

  constructor({
    max = LIMITS.socketMaxRefusals,
    windowMs = LIMITS.socketRefusalWindowMs,
    now = Date.now,
  }: RefusalStrikesOptions = {}) {
    this.#max = max;
    this.#windowMs = windowMs;
    this.#now = now;
    this.#windowStart = now();
  }

  /** Counts one `rate_limited` answer; true once the window holds more than allowed. */
  strike(): boolean {
    const now = this.#now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    return ++this.#count > this.#max;
  }
}
