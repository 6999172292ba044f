// Tokens never travel in a URL (contract section 3): a query that tries to carry one is refused, not ignored.
import { ParleyError } from '../errors.ts';

/**
 * Query parameter names that carry a credential in the usual conventions, compared after lowering the
 * case and removing `-` and `_` (so `Token`, `ACCESS_TOKEN`, `access-token` and `accessToken` all match).
 */
const TOKEN_PARAM_NAMES = new Set(['token', 'accesstoken', 'idtoken', 'bearer', 'jwt', 'auth', 'authorization']);

/** A compact JWS (`eyJ…` header, payload, signature), whatever the parameter holding it is called. */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;

/**
 * True when one of these query parameters (name, values) looks like a token: a credential's usual
 * name in any case, or a value shaped like a JWT.
 */
export function queryCarriesToken(params: Iterable<[string, unknown]>): boolean {
  for (const [name, value] of params) {
    if (TOKEN_PARAM_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''))) return true;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && JWT_SHAPE.test(v))) return true;
  }
  return false;
}

/** The refusal for a token in a URL: `where` says where tokens go instead. */
export function tokenInUrlError(where: string): ParleyError {
  return new ParleyError('unauthorized', `Tokens never travel in URLs (they end up in logs and history): send it in ${where}.`);
}
