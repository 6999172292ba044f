// Retry delays: exponential backoff with jitter, shared by reconnection and the outbox.

/** Exponential backoff with jitter: ~base·2^attempt, capped, scaled by a random 0.5–1.5. */
export function backoffDelay(attempt: number, { baseMs = 1000, maxMs = 30_000 } = {}): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + Math.random()));
}
