// Limits both sides enforce: the widget checks them before sending, the server always does.

/** The contract's limits (section 5). */
export const LIMITS = {
  /** A message body after trimming. */
  bodyMinChars: 1,
  bodyMaxChars: 4000,
  /** Any id: user, listing, conversation, message, client id. */
  idMinChars: 1,
  idMaxChars: 128,
  /** Listing snapshot fields. */
  listingTitleMaxChars: 300,
  listingUrlMaxChars: 2048,
  listingPriceMaxChars: 64,
  /** A report's reason. */
  reportReasonMaxChars: 1000,
  /** Messages a user may send per window, then `rate_limited`. */
  sendBurst: 20,
  sendWindowMs: 10_000,
  /** Any REST body or socket payload. */
  maxPayloadBytes: 64 * 1024,
  /** Page sizes. */
  pageDefault: 50,
  pageMax: 200,
  /** Messages one `sync` answer carries at most (`hasMore` tells the client to ask again). */
  syncMaxMessages: 500,
  /** Conversations one `sync` answer carries at most. */
  syncMaxConversations: 200,
  /** A token's lifetime and the clock skew allowed when checking it. */
  tokenMaxLifetimeSec: 24 * 60 * 60,
  tokenClockSkewSec: 60,
} as const;
