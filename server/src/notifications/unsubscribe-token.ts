// Signed unsubscribe links: who to unsubscribe, signed with a key derived from the site's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The user an unsubscribe token names. */
export interface UnsubscribeTarget {
  siteId: string;
  userId: string;
}

/** The key unsubscribe tokens are signed with: derived from the site secret, never the secret itself. */
function key(siteSecret: string): Buffer {
  return createHmac('sha256', siteSecret).update('parley email unsubscribe v1').digest();
}

const mac = (siteSecret: string, payload: string) => createHmac('sha256', key(siteSecret)).update(payload).digest();

/** `<payload>.<signature>`, both base64url: the payload names the site and the user. */
export function signUnsubscribeToken(site: { id: string; secret: string }, userId: string): string {
  const payload = Buffer.from(JSON.stringify([site.id, userId])).toString('base64url');
  return `${payload}.${mac(site.secret, payload).toString('base64url')}`;
}

/** The site a token claims to come from (unverified), to look its secret up; null when malformed. */
export function unverifiedTarget(token: string): UnsubscribeTarget | null {
  if (token.length > 1024) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'string' && v.length <= 128)) return null;
    return { siteId: value[0] as string, userId: value[1] as string };
  } catch {
    return null;
  }
}

/** True when `token` was signed with this site's secret. */
export function verifyUnsubscribeToken(token: string, siteSecret: string): boolean {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return false;
  const expected = mac(siteSecret, payload);
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
