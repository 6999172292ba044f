// Verifies the JWTs a marketplace signs for its users (contract section 3), with jose.
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { LIMITS } from '../../../protocol/index.ts';
import { ParleyError } from '../errors.ts';
import { cleanDisplayName, isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../safe-text.ts';
import { DEMO_SITE_ID, type Site, type SitesRepository } from './sites.repository.ts';
import type { TokenUser } from './users.repository.ts';

export interface VerifyTokenOptions {
  sites: SitesRepository;
  /** Algorithms accepted; anything else, `none` included, is refused. */
  algorithms: string[];
}

const encoder = new TextEncoder();
const unauthorized = (message: string) => new ParleyError('unauthorized', message);

/** What a valid token says: its user, their site, and when it stops being accepted. */
export interface VerifiedToken {
  user: TokenUser;
  site: Site;
  /**
   * Milliseconds since the epoch after which this token is refused: its `exp` plus the allowed clock
   * skew, the same moment on REST and on a new handshake. A socket is disconnected then.
   */
  acceptedUntil: number;
  /** The account's creation on the marketplace (ms since the epoch), from the optional `createdAt` claim. */
  accountCreatedAt: number | null;
}

/**
 * Checks a token's signature and claims and returns the user it names and their site; throws
 * `unauthorized`. Claims holding text PostgreSQL cannot store (U+0000, unpaired surrogates) make the
 * token invalid. The `name` claim is cleaned by {@link cleanDisplayName}: bidi controls removed, and
 * a name that shows nothing becomes no name (null) rather than a refused token, since the name is
 * cosmetic and the site vouches for the user. The demo site's tokens are refused outside demo mode.
 */
export async function verifyToken(token: unknown, { sites, algorithms }: VerifyTokenOptions): Promise<VerifiedToken> {
  if (typeof token !== 'string' || token.length === 0) throw unauthorized('A token is required.');
  if (token.length > 8192) throw unauthorized('The token is too long.');
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw unauthorized('The token is malformed.');
  }
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > LIMITS.idMaxChars) {
    throw unauthorized('The token has no site id (kid).');
  }
  if (!isStorableText(kid)) throw unauthorized(`The token's site id (kid) ${UNSTORABLE_TEXT_MESSAGE}.`);
  if (kid === DEMO_SITE_ID && !sites.demoSiteAllowed) {
    throw unauthorized('The demo site signs nobody in outside demo mode (PARLEY_DEMO=1).');
  }
  const site = await sites.get(kid);
  if (!site) throw unauthorized('The token names an unknown site.');

  let payload;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(site.secret), {
      algorithms,
      issuer: site.id,
      audience: 'parley',
      clockTolerance: LIMITS.tokenClockSkewSec,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired.');
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(`The token's "${err.claim}" claim is not valid.`);
    throw unauthorized('The token signature or algorithm is not valid.');
  }

  for (const [claim, value] of Object.entries(payload)) {
    if (typeof value === 'string' && !isStorableText(value)) {
      throw unauthorized(`The token's "${claim}" claim ${UNSTORABLE_TEXT_MESSAGE}.`);
    }
  }
  const { sub, exp, iat, name, picture, createdAt, email, locale } = payload;
  if (typeof sub !== 'string' || sub.length < LIMITS.idMinChars || sub.length > LIMITS.idMaxChars) {
    throw unauthorized('The token\'s "sub" must be 1 to 128 characters.');
  }
  if (typeof exp !== 'number' || typeof iat !== 'number' || exp - iat > LIMITS.tokenMaxLifetimeSec) {
    throw unauthorized('The token lives longer than 24 hours.');
  }
  if (iat > Date.now() / 1000 + LIMITS.tokenClockSkewSec) throw unauthorized('The token is issued in the future.');
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) {
    throw unauthorized('The token\'s "name" must be a string of at most 200 characters.');
  }
  // Seconds since the epoch, like `iat`. A time in the future is a site's bug: refused loudly rather
  // than read as a brand-new account.
  if (
    createdAt !== undefined &&
    (typeof createdAt !== 'number' ||
      !Number.isFinite(createdAt) ||
      createdAt < 0 ||
      createdAt > Date.now() / 1000 + LIMITS.tokenClockSkewSec)
  ) {
    throw unauthorized('The token\'s "createdAt" must be the account\'s creation time in seconds since 1970, not in the future.');
  }
  if (picture !== undefined && !isHttpsUrl(picture)) throw unauthorized('The token\'s "picture" must be an https URL.');
  if (email !== undefined && !isEmailAddress(email)) throw unauthorized('The token\'s "email" must be one email address.');
  if (locale !== undefined && !isLocaleTag(locale))
    throw unauthorized('The token\'s "locale" must be a language tag (en, fr-CA…).');
  const user: TokenUser = {
    siteId: site.id,
    userId: sub,
    name: typeof name === 'string' ? cleanDisplayName(name) : null,
    picture: typeof picture === 'string' ? picture : null,
    email: typeof email === 'string' ? email : null,
    locale: typeof locale === 'string' ? locale.toLowerCase() : null,
  };
  return {
    user,
    site,
    acceptedUntil: (exp + LIMITS.tokenClockSkewSec) * 1000,
    accountCreatedAt: typeof createdAt === 'number' ? createdAt * 1000 : null,
  };
}

function isHttpsUrl(value: unknown): value is string {
  // Control characters and spaces are never part of a URL as written (the URL parser would drop or encode them).
  if (typeof value !== 'string' || value.length > 2048 || /[\p{Cc}\s]/u.test(value)) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * One plain address (`local@domain.tld`), at most 254 characters: nothing that could name a second
 * recipient or a display name (no spaces, commas, angle brackets, quotes, control characters).
 */
function isEmailAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 254 &&
    /^[^\s@,;:<>()[\]"\\\p{Cc}]+@[^\s@,;:<>()[\]"\\\p{Cc}]+\.[^\s@,;:<>()[\]"\\\p{Cc}.]+$/u.test(value)
  );
}

/** A BCP 47 language tag in its usual shape (`en`, `fr-CA`, `zh-Hant-TW`), at most 35 characters. */
function isLocaleTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 35 && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(value);
}
