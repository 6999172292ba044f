// The authenticated user behind a request or socket: every query is scoped by both fields.

/** Who is asking: a user of one site. */
export interface Caller {
  siteId: string;
  userId: string;
  /**
   * When the user's account was created on the marketplace (ms since the epoch), from the token's
   * optional `createdAt` claim: younger accounts get tighter limits. Absent when the token has none.
   */
  accountCreatedAt?: number;
}
