// Signs tokens for tests, including deliberately wrong ones for the token matrix.
import { SignJWT } from 'jose';

export interface TestTokenOptions {
  siteId: string;
  secret: string;
  sub: string;
  name?: string;
  picture?: string;
  /** Header overrides (`kid`, `alg`). */
  kid?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds from now for `iat`. */
  issuedAt?: number;
  /** Further claims (`createdAt`, `email`, `locale`…). */
  claims?: Record<string, unknown>;
}

/** Signs an HS* token the way a marketplace backend would, with every field overridable. */
export async function signTestToken(o: TestTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = now + (o.issuedAt ?? 0);
  const claims: Record<string, unknown> = { name: o.name ?? `User ${o.sub}`, ...o.claims };
  if (o.picture) claims.picture = o.picture;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT', kid: o.kid ?? o.siteId })
    .setIssuer(o.iss ?? o.siteId)
    .setAudience(o.aud ?? 'parley')
    .setSubject(o.sub)
    .setIssuedAt(iat)
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(o.secret));
}

/** An unsigned `alg: none` token (which must always be refused). */
export function unsignedToken(claims: Record<string, unknown>, header: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
}
