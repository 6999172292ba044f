// URLs from elsewhere, checked before an element links to them or loads them.
import { checkListingUrl } from '../../../../protocol/listing-url.ts';

/** The absolute URL when `raw` (absolute or relative to the page) is http or https, else null. */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null; // unparsable: not rendered as a link or an image
  }
}

/** Any origin: only the server knows the site's allowed origins, and it checks them on every view it sends. */
const anyOrigin = () => true;

/**
 * A listing card's link or picture, resolved against this page, or null: the snapshot came from a
 * buyer's page. The server's rule again (protocol/listing-url.ts), for rows older than it: a path
 * with a single `/` after stripping what browsers strip, or an http(s) URL without user info.
 */
export function listingUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const checked = checkListingUrl(raw, anyOrigin);
  return checked.ok ? new URL(checked.url, location.href).href : null;
}
