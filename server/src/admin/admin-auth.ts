// Authentication of the server API: an API key as Bearer, acting for its own site only, within the site's budget.
import type { MiddlewareHandler } from 'hono';
import { ParleyError } from '../errors.ts';
import type { RateBudget } from '../rate-limit.ts';
import type { ApiKeysRepository } from './api-keys.repository.ts';
import type { AdminEnv } from './admin-env.ts';

/** The user id under which a site's server API requests spend the `admin` budget (no user can have it: ids have no NUL). */
const ADMIN_BUDGET_KEY = '\u0000admin';

/**
 * Sets `siteId` from `Authorization: Bearer <api key>`; `unauthorized` when the key is missing,
 * unknown or revoked (one answer for all three), `rate_limited` past the site's budget.
 */
export function apiKeyAuth(keys: Pick<ApiKeysRepository, 'siteOf'>, budget: RateBudget): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const match = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i);
    const siteId = match ? await keys.siteOf(match[1]!) : null;
    if (!siteId) throw new ParleyError('unauthorized', 'Send a valid API key in the "Authorization: Bearer" header.');
    await budget.consume({ siteId, userId: ADMIN_BUDGET_KEY });
    c.set('siteId', siteId);
    return next();
  };
}
