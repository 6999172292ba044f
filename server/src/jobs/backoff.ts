// When a failed job runs again: exponential backoff with jitter, capped.

/** How a kind of job is retried. */
export interface RetryPolicy {
  /** The wait after the first failure (before jitter). */
  baseDelayMs: number;
  /** The longest wait between two attempts (before jitter). */
  maxDelayMs: number;
}

/** Retries after 10 s, 20 s, 40 s… up to an hour apart: about 30 attempts over a day. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000 };

/**
 * The wait before the attempt after `attempts` failed ones: base × 2^(attempts−1), capped, then
 * scaled by a random factor in [0.5, 1) ("equal jitter") so that jobs that failed together (a
 * receiver that was down) do not all come back at the same instant.
 */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + random() / 2));
}
