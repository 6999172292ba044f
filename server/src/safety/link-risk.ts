// Why a link is risky: outside the site, a shortener, a look-alike of the site's domain, a homograph, a user@host URL.
import shipped from './rules/links.json' with { type: 'json' };
import { type FoundLink, isSiteHost } from './find-links.ts';

/** What makes a link suspicious, most specific first; null: a link to the site itself. */
export type LinkRisk = 'credentials' | 'homograph' | 'lookalike' | 'shortener' | 'outside';

/** The shipped URL shorteners. */
export const SHORTENERS: readonly string[] = shipped.shorteners;

/** The risk of one link for a site with hosts `siteHosts`, or null when it is the site's own. */
export function linkRisk(link: FoundLink, siteHosts: readonly string[], shorteners: ReadonlySet<string>): LinkRisk | null {
  const host = link.host;
  if (link.credentials) return 'credentials';
  if (host === null) return 'outside';
  if (isSiteHost(host, siteHosts)) return null;
  if (host.split('.').some((label) => label.startsWith('xn--'))) return 'homograph';
  if (siteHosts.some((own) => looksLike(host, own))) return 'lookalike';
  if (shorteners.has(host) || shorteners.has(host.replace(/^www\./, ''))) return 'shortener';
  return 'outside';
}

/** The name a domain is known by: `www.troc-market.fr` → `trocmarket` (hyphens and dots do not tell names apart to a reader). */
function brand(host: string): string {
  const labels = host.replace(/^www\./, '').split('.');
  return (labels.length > 1 ? labels.slice(0, -1).join('') : labels[0]!).replace(/-/g, '');
}

/**
 * True when `host` could pass for `own` at a glance: it contains the site's name (`troc-market-securite.com`,
 * `troc-market.fr.account-check.net`), or its name is one or two edits away from it (`tr0c-market.fr`).
 */
export function looksLike(host: string, own: string): boolean {
  const ownBrand = brand(own);
  if (ownBrand.length < 4) return false;
  const name = host.replace(/[.-]/g, '');
  if (name.includes(ownBrand)) return true;
  return editDistance(brand(host), ownBrand) <= 2;
}

/** Levenshtein distance, bounded work (host names are short). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
