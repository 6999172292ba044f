// Verifies the JWTs a marketplace signs for its users (contract section 3), with jose.
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { LIMITS } from '../../../protocol/index.ts';
import { ParleyError } from '../errors.ts';
import type { Site, SitesRepository } from './sites.repository.ts';
import type { TokenUser } from './users.repository.ts';

export interface VerifyTokenOptions {
  sites: SitesRepository;
  /** Algorithms accepted; anything else, `none` included, is refused. */
  algorithms: string[];
}

const encoder = new TextEncoder();
const unauthorized = (message: string) => new ParleyError('unauthorized', message);

/** Checks a token's signature and claims and returns the user it names and their site; throws `unauthorized`. */
export async function verifyToken(
  token: unknown,
  { sites, algorithms }: VerifyTokenOptions,
): Promise<{ user: TokenUser; site: Site }> {
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

  const { sub, exp, iat, name, picture } = payload;
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
  if (picture !== undefined && !isHttpsUrl(picture)) throw unauthorized('The token\'s "picture" must be an https URL.');
  const user: TokenUser = {
    siteId: site.id,
    userId: sub,
    name: typeof name === 'string' && name.trim() ? name.trim() : null,
    picture: typeof picture === 'string' ? picture : null,
  };
  return { user, site };
}

function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
