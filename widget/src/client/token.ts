// Reads the user's identity from a token's claims (no verification: the server does that).
import type { Identity } from './types.ts';

/** The site and user a JWT names (`iss`, `sub`), or null when it is not a readable JWT. */
export function identityOf(token: string): Identity | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { iss?: unknown; sub?: unknown };
    if (typeof claims.iss !== 'string' || typeof claims.sub !== 'string') return null;
    return { siteId: claims.iss, userId: claims.sub };
  } catch {
    return null; // not base64 or not JSON: the caller treats the token as unusable
  }
}

/** True when both identities name the same user of the same site. */
export function sameIdentity(a: Identity | null, b: Identity | null): boolean {
  return a?.siteId === b?.siteId && a?.userId === b?.userId;
}
