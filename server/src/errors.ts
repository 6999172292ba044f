// The one error type services throw; REST and socket layers turn it into the contract's error shape.
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../protocol/index.ts';

/** A failure with a contract error code, safe to show to the caller. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The HTTP status for this code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }
}

/** A conversation or message the caller may not see: indistinguishable from one that does not exist. */
export function notFound(what = 'conversation'): ParleyError {
  return new ParleyError('not_found', `No such ${what}.`);
}

/** Error codes PostgreSQL or the network give when the database cannot be reached. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
]);

/** True when `err` says the database is unreachable rather than that the query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code);
}

/**
 * Turns anything thrown into a {@link ParleyError}: known errors pass through, an unreachable database
 * becomes `unavailable`, and anything else `internal` (its details go to the log, not to the caller).
 */
export function toParleyError(err: unknown): ParleyError {
  if (err instanceof ParleyError) return err;
  if (isDatabaseUnavailable(err)) {
    return new ParleyError('unavailable', 'The service is temporarily unavailable, try again shortly.', { cause: err });
  }
  return new ParleyError('internal', 'Something went wrong on our side.', { cause: err });
}
