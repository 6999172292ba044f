// Error codes shared by REST bodies, socket acks and connect_error data.

/** Every error code the server can answer with. */
export const ERROR_CODES = [
  'invalid',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden',
  'forbidden_origin',
  'blocked',
  /** The site's moderators suspended this user: handshakes and sends are refused until they lift it. */
  'suspended',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each code is answered with on REST. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  forbidden_origin: 403,
  blocked: 403,
  suspended: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/**
 * Codes after which repeating the same request can never succeed: an outbox marks such a message
 * failed and moves on. Everything else (`unavailable`, `rate_limited`, `internal`, `unauthorized`
 * before a token refresh) is worth retrying.
 */
export const PERMANENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid',
  'payload_too_large',
  'unsupported_media_type',
  'forbidden',
  'forbidden_origin',
  'blocked',
  'suspended',
  'not_found',
  'conflict',
]);

/** The error body of REST answers and failed acks. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With `rate_limited`: how long to wait before trying again. */
  retryAfterMs?: number;
}
