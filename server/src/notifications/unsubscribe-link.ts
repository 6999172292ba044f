// The unsubscribe URL an email carries: on the Parley server, the signed token in the query (never logged).
import { signUnsubscribeToken } from './unsubscribe-token.ts';

/** The path unsubscribe links point to. */
export const UNSUBSCRIBE_PATH = '/email/unsubscribe';

/**
 * `<public URL>/email/unsubscribe?t=<token>`. The token rides in the query string because the request
 * log records paths only, never queries.
 */
export function unsubscribeUrl(publicUrl: string, site: { id: string; secret: string }, userId: string): string {
  const url = new URL(UNSUBSCRIBE_PATH, publicUrl);
  url.searchParams.set('t', signUnsubscribeToken(site, userId));
  return url.href;
}
