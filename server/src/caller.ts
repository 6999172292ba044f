// The authenticated user behind a request or socket: every query is scoped by both fields.

/** Who is asking: a user of one site. */
export interface Caller {
  siteId: string;
  userId: string;
}
