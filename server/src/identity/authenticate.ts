// From a token to a Caller: verify it, check the request's origin against the site, refresh the user.
import type { Caller } from '../caller.ts';
import { ParleyError } from '../errors.ts';
import type { SitesRepository } from './sites.repository.ts';
import { verifyToken } from './token.ts';
import type { UsersRepository } from './users.repository.ts';

export interface AuthenticateOptions {
  sites: SitesRepository;
  users: UsersRepository;
  algorithms: string[];
  /** Told (without waiting) when the token changed the user's stored name or picture. */
  onProfileChanged?: (user: Caller) => void;
}

/** The authenticated caller, with the display name their token carried. */
export interface AuthenticatedCaller extends Caller {
  name: string | null;
  /** Milliseconds since the epoch after which the token is refused (see `VerifiedToken.acceptedUntil`). */
  tokenAcceptedUntil: number;
}

/**
 * Verifies `token` and, when the request came from a browser (`origin` set), that its origin is one
 * the token's site allows. Throws `unauthorized` or `forbidden_origin`.
 */
export async function authenticate(
  token: unknown,
  origin: string | undefined,
  { sites, users, algorithms, onProfileChanged }: AuthenticateOptions,
): Promise<AuthenticatedCaller> {
  const { user, site, acceptedUntil, accountCreatedAt } = await verifyToken(token, { sites, algorithms });
  if (origin !== undefined) {
    if (!site.allowedOrigins.includes(origin)) {
      throw new ParleyError('forbidden_origin', 'This origin is not allowed for this site.');
    }
  }
  const caller = { siteId: user.siteId, userId: user.userId };
  if (await users.isSuspended(caller.siteId, caller.userId)) {
    throw new ParleyError('suspended', 'This account is suspended on this site.');
  }
  if (await users.upsertFromToken(user)) onProfileChanged?.(caller);
  return {
    ...caller,
    ...(accountCreatedAt === null ? {} : { accountCreatedAt }),
    name: user.name,
    tokenAcceptedUntil: acceptedUntil,
  };
}
