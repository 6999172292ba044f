// Limits both sides enforce: the widget checks them before sending, the server always does.

/** The contract's limits (section 5). */
export const LIMITS = {
  /** A message body after trimming, in code points (`messageLength()` in text.ts). */
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
  /**
   * Per-user budgets: requests one user (of one site) may make per window, counted across all their
   * sockets and REST calls (and across server processes when they share Redis), then `rate_limited`
   * with `retryAfterMs` (REST: 429 + `Retry-After`). Messages sent (`message:send`, POST …/messages):
   */
  sendBurst: 20,
  sendWindowMs: 10_000,
  /** `sync` requests: one per tab after a reconnect, a few rounds each when much was missed. */
  syncBurst: 20,
  syncWindowMs: 10_000,
  /** History pages (`GET /conversations/:id/messages`): scrolling back and filling gaps. */
  historyPageBurst: 30,
  historyPageWindowMs: 10_000,
  /** `POST /conversations` (get-or-create: each one is a write transaction). */
  conversationCreateBurst: 10,
  conversationCreateWindowMs: 60_000,
  /** Requests to the server API (`/api/v1/admin/…`) per site, whichever of its keys made them. */
  adminBurst: 100,
  adminWindowMs: 1_000,
  /** A system message's text posted through the server API. */
  systemTextMaxChars: 1000,
  /** `GET /search` requests: a debounced field sends about one per pause in typing. */
  searchBurst: 30,
  searchWindowMs: 10_000,
  /** A search query, in characters, and the words of it that count. */
  searchQueryMaxChars: 200,
  searchMaxWords: 8,
  /** Search results per request. */
  searchResultsDefault: 20,
  searchResultsMax: 50,
  /**
   * Requests of one user the server runs at once (per process), whatever their kind or transport;
   * the others wait their turn, at most `userMaxWaitingRequests` of them and at most
   * `userMaxWaitMs` each: a request that cannot start by then is refused `rate_limited`, never left queued.
   * Two: a `sync` runs up to three queries at once, so one user holds at most six of a process's ten
   * database connections and the others always find some free.
   */
  userMaxRunningRequests: 2,
  userMaxWaitingRequests: 64,
  userMaxWaitMs: 3000,
  /**
   * `rate_limited` answers one socket may collect per window: past them the client is ignoring
   * `retryAfterMs`, and the server disconnects it rather than keep reading its flood; that user's
   * new handshakes on that process are then refused `rate_limited` for one window.
   */
  socketMaxRefusals: 100,
  socketRefusalWindowMs: 10_000,
  /** Photo uploads (`POST /uploads`) per user and window. */
  uploadBurst: 30,
  uploadWindowMs: 60_000,
  /** An upload's body, refused (413) as soon as more arrives. */
  uploadMaxBytes: 10 * 1024 * 1024,
  /** Decoded pixels of an upload (width × height), refused beyond: a guard against decompression bombs. */
  uploadMaxPixels: 50_000_000,
  /** The long side of a stored photo and of its thumbnail, in pixels. */
  photoMaxSide: 2048,
  thumbMaxSide: 480,
  /** Photos one message may carry. */
  attachmentsMax: 6,
  /** An upload not sent with a message within this time is removed. */
  uploadUnsentTtlMs: 24 * 60 * 60 * 1000,
  /** Any REST body or socket payload. */
  maxPayloadBytes: 64 * 1024,
  /**
   * Nesting of objects and arrays in any REST body or socket payload (`{}` is 1, `{"a":[]}` is 2).
   * No request of the contract needs more than 3; deeper input is refused as `invalid` before
   * anything recursive (JSON.stringify, a schema, a logger) could overflow the stack on it.
   */
  maxPayloadDepth: 32,
  /** Mute and unmute requests (`conversation:mute`, `PUT /conversations/:id/mute`): each one writes a row. */
  muteBurst: 20,
  muteWindowMs: 10_000,
  /** Page sizes. */
  pageDefault: 50,
  pageMax: 200,
  /** Messages one `sync` answer carries at most (`hasMore` tells the client to ask again). */
  syncMaxMessages: 500,
  /** Conversations one `sync` answer carries at most. */
  syncMaxConversations: 200,
  /**
   * Conversation ids one `sync` request may name: a client holding more names them in several
   * requests (a full check, once per device; then it sends its `changeCursor` instead).
   */
  syncMaxKnownConversations: 1000,
  /**
   * New messages of one conversation a cursor `sync` answer carries at most (the newest ones; the
   * client fetches the ones before them as a gap), and deletions of one conversation it lists at most
   * (past them the conversation is in `reload`).
   */
  syncMaxChangesPerConversation: 100,
  /** A token's lifetime and the clock skew allowed when checking it. */
  tokenMaxLifetimeSec: 24 * 60 * 60,
  tokenClockSkewSec: 60,
} as const;
