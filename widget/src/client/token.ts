// Reads a token's claims (no verification: the server does that): who it names and when it expires.
import type { Identity } from './types.ts';

/** The claims of a JWT's payload, or null when it is not a readable JWT. */
function claimsOf(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null; // not base64 or not JSON: the caller treats the token as unusable
  }
}

/** The site and user a JWT names (`iss`, `sub`), or null when it is not a readable JWT. */
export function identityOf(token: string): Identity | null {
  const claims = claimsOf(token);
  if (typeof claims?.iss !== 'string' || typeof claims.sub !== 'string') return null;
  return { siteId: claims.iss, userId: claims.sub };
}

/** When the token expires, in ms since the epoch, or null when it does not say. */
export function expiryOf(token: string): number | null {
  const exp = claimsOf(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/** True when both identities name the same user of the same site. */
export function sameIdentity(a: Identity | null, b: Identity | null): boolean {
  return a?.siteId === b?.siteId && a?.userId === b?.userId;
}
