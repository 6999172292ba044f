// CORS for the REST API: only origins some site allows get CORS headers; others are refused outright.
import type { MiddlewareHandler } from 'hono';
import { ParleyError } from '../errors.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import type { AppEnv } from './env.ts';

const ALLOWED_HEADERS = 'Authorization, Content-Type';
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

/**
 * Answers preflights and adds CORS headers for origins any site allows. Which site an origin must
 * belong to is only known once the token is read: `authenticate` checks that afterwards.
 */
export function cors(sites: SitesRepository): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const allowed = (await sites.allOrigins()).has(origin);
    if (c.req.method === 'OPTIONS') {
      if (!allowed) return c.body(null, 403);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Max-Age', '600');
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }
    if (!allowed) throw new ParleyError('forbidden_origin', 'This origin is not allowed.');
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    c.header('Vary', 'Origin');
    return next();
  };
}
