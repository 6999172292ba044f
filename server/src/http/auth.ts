// Bearer authentication for REST; a token in the URL is refused rather than ignored.
import type { MiddlewareHandler } from 'hono';
import { authenticate, type AuthenticateOptions } from '../identity/authenticate.ts';
import { queryCarriesToken, tokenInUrlError } from '../identity/url-token.ts';
import { ParleyError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/**
 * Sets `caller` from `Authorization: Bearer <jwt>`; throws `unauthorized` otherwise, and also when the
 * query string carries something that looks like a token (`?token=`, `?Bearer=`, a JWT under any name).
 */
export function bearerAuth(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (queryCarriesToken(new URL(c.req.url).searchParams)) throw tokenInUrlError('the "Authorization: Bearer" header');
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new ParleyError('unauthorized', 'Send a token in the "Authorization: Bearer" header.');
    c.set('caller', await authenticate(match[1], c.req.header('origin'), options));
    return next();
  };
}
