// Which URLs a listing card may link to or load its picture from, read as browsers read them (pure, no I/O).
import { LIMITS } from './limits.ts';

/** Why a listing URL is refused. */
export type ListingUrlProblem = 'malformed' | 'scheme' | 'credentials' | 'origin' | 'too_long';

/** The outcome of {@link checkListingUrl}: the normalised URL, or why it is refused. */
export type ListingUrlCheck = { ok: true; url: string } | { ok: false; problem: ListingUrlProblem };

/** Decides whether an absolute URL's origin (`scheme://host[:port]`, as `URL.origin` gives it) is allowed. */
export type OriginFilter = (origin: string) => boolean;

/** A placeholder origin to resolve paths against; `.invalid` can never be a real host. */
const PATH_BASE = 'https://path.invalid';
/** A path on the page's own site: one `/`, not followed by another `/` or `\` (that would name a host). */
const SITE_PATH = /^\/(?![/\\])/;
/** A URL scheme followed by `:`: the string is meant as an absolute URL. */
const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/**
 * What the WHATWG URL parser does to its input before parsing: strip leading and trailing C0
 * controls and spaces, then remove every ASCII tab and newline. Checking the raw string instead is
 * how `/\t/evil.example` passes as a path and then opens `//evil.example` in a browser.
 */
export function stripLikeBrowsers(raw: string): string {
  return raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/**
 * Checks a listing's `url` or `imageUrl` and returns it normalised. Allowed: a path on the site
 * showing the card (`/ads/9`, kept relative so that each page resolves it against its own origin),
 * or an absolute http(s) URL without user name or password whose origin `allowOrigin` accepts.
 * Anything else (another scheme, `//host`, `/\host`, `https://good@evil.example`…) is refused.
 */
export function checkListingUrl(raw: string, allowOrigin: OriginFilter): ListingUrlCheck {
  const input = stripLikeBrowsers(raw);
  const result = SITE_PATH.test(input) ? checkPath(input) : SCHEME.test(input) ? checkAbsolute(input, allowOrigin) : null;
  if (!result) return { ok: false, problem: 'malformed' };
  if (!result.ok) return result;
  if (result.url.length > LIMITS.listingUrlMaxChars) return { ok: false, problem: 'too_long' };
  return result;
}

/** A site path, normalised (dot segments, percent-encoding); refused when that makes it name a host. */
function checkPath(input: string): ListingUrlCheck {
  const parsed = parse(input, PATH_BASE);
  if (!parsed) return { ok: false, problem: 'malformed' };
  const path = parsed.href.slice(parsed.origin.length); // keeps an empty `?` or `#`, unlike search and hash
  // `/.//evil.example` normalises to `//evil.example`: as a path it would leave the site.
  return SITE_PATH.test(path) ? { ok: true, url: path } : { ok: false, problem: 'malformed' };
}

function checkAbsolute(input: string, allowOrigin: OriginFilter): ListingUrlCheck {
  const parsed = parse(input);
  if (!parsed) return { ok: false, problem: 'malformed' };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, problem: 'credentials' };
  if (!allowOrigin(parsed.origin)) return { ok: false, problem: 'origin' };
  return { ok: true, url: parsed.href };
}

function parse(input: string, base?: string): URL | null {
  try {
    return new URL(input, base);
  } catch {
    return null; // not a URL at all: the caller refuses it as malformed
  }
}

/**
 * An {@link OriginFilter} for a site's allowed origins, compared as `URL.origin` writes them (lower
 * case, default port dropped). Entries that are not http(s) origins allow nothing.
 */
export function allowedOriginFilter(allowedOrigins: readonly string[]): OriginFilter {
  const origins = new Set<string>();
  for (const entry of allowedOrigins) {
    const origin = parse(entry)?.origin;
    if (origin && origin !== 'null') origins.add(origin);
  }
  return (origin) => origins.has(origin);
}
