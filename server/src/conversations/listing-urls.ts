// The listing snapshot's links: checked against the site's origins when stored, and again when shown.
import { allowedOriginFilter, checkListingUrl, type ListingUrlProblem } from '../../../protocol/listing-url.ts';
import { LIMITS } from '../../../protocol/index.ts';
import { ParleyError } from '../errors.ts';
import type { ListingInput } from './conversations.repository.ts';

/** The listing fields that hold a URL. */
const URL_FIELDS = ['url', 'imageUrl'] as const;

const EXPLANATION: Record<ListingUrlProblem, string> = {
  malformed: 'must be a path on the site starting with a single "/" or an absolute http(s) URL',
  scheme: 'must be an http or https URL',
  credentials: 'must not contain a user name or password',
  origin: "must be on one of the site's allowed origins",
  too_long: `is longer than ${LIMITS.listingUrlMaxChars} characters once normalised`,
};

/**
 * The listing with its `url` and `imageUrl` normalised, or `invalid` naming the field and the rule
 * it breaks. The snapshot comes from the buyer's page, so every link in it is the buyer's choice.
 */
export function checkListingUrls(listing: ListingInput, allowedOrigins: readonly string[]): ListingInput {
  const allow = allowedOriginFilter(allowedOrigins);
  const checked = { ...listing };
  for (const field of URL_FIELDS) {
    const raw = listing[field];
    if (raw === null) continue;
    const result = checkListingUrl(raw, allow);
    if (!result.ok) throw new ParleyError('invalid', `listing.${field}: ${EXPLANATION[result.problem]}.`);
    checked[field] = result.url;
  }
  return checked;
}

/**
 * A stored listing URL as it may be shown now: null when it breaks the rule (a row stored before the
 * check existed, or an origin the site no longer allows).
 */
export function shownListingUrl(stored: string | null, allowedOrigins: readonly string[]): string | null {
  if (stored === null) return null;
  const result = checkListingUrl(stored, allowedOriginFilter(allowedOrigins));
  return result.ok ? result.url : null;
}
