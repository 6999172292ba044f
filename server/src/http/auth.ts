// Bearer authentication for REST; a token in the URL is refused rather than ignored.
import type { MiddlewareHandler } from 'hono';
import { authenticate, type AuthenticateOptions } from '../identity/authenticate.ts';
import { ParleyError } from '../errors.ts';
import type { AppEnv } from './env.ts';

const TOKEN_QUERY_PARAMS = ['token', 'access_token', 'jwt', 'auth'];

/** Sets `caller` from `Authorization: Bearer <jwt>`; throws `unauthorized` otherwise. */
export function bearerAuth(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const query = new URL(c.req.url).searchParams;
    if (TOKEN_QUERY_PARAMS.some((p) => query.has(p))) {
      throw new ParleyError('unauthorized', 'Tokens are never accepted in the URL: use the Authorization header.');
    }
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new ParleyError('unauthorized', 'Send a token in the "Authorization: Bearer" header.');
    c.set('caller', await authenticate(match[1], c.req.header('origin'), options));
    return next();
  };
}
