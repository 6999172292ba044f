// Finds links in message text as a reader would see them: http(s) URLs, www. hosts and bare domains.

/** A link found in text: where it is, as written, and the host a browser would go to. */
export interface FoundLink {
  start: number;
  end: number;
  raw: string;
  /** The host as a browser would resolve it (lower case, international names in punycode), or null when unparsable. */
  host: string | null;
  /** Written with `http://` or `https://` (else a `www.` host or a bare domain). */
  scheme: boolean;
  /** The URL carries a user name or password (`https://bank.com@evil.example/`): the real host is after the `@`. */
  credentials: boolean;
}

/** Top-level domains that make a bare `word.tld` read as a link (a short list: `2.5kg` or `M.Dupont` must stay text). */
const BARE_TLDS =
  'com|fr|net|org|io|me|ly|co|uk|de|be|ch|eu|es|it|nl|pt|info|biz|app|shop|store|site|online|xyz|gl|to|gg|link|page|club|us|ca|ru|cn|tk|top|live|click';

const SCHEME_URL = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,62}[\\p{L}\\p{N}])?';
const PATH = `(?:[/?#][^\\s<>"'\`]*)?`;
/** `www.host…` or `host.tld[/path]`, not inside an email address or a longer word. */
const BARE_URL = new RegExp(
  `(?<![\\p{L}\\p{N}@._-])(?:www\\.(?:${LABEL}\\.)+\\p{L}{2,}|(?:${LABEL}\\.)+(?:${BARE_TLDS}))(?![\\p{L}\\p{N}@-])${PATH}`,
  'giu',
);
const TRAILING = /[.,;:!?'"»)\]]+$/u;

/** Every link in `text`, in order; http(s) URLs first claim their span, then bare hosts elsewhere. */
export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const pattern of [SCHEME_URL, BARE_URL]) {
    for (const match of text.matchAll(pattern)) {
      const raw = trimTrailing(match[0]);
      const start = match.index;
      const end = start + raw.length;
      if (links.some((l) => start < l.end && end > l.start)) continue;
      const scheme = pattern === SCHEME_URL;
      links.push({ start, end, raw, scheme, ...hostOf(scheme ? raw : `http://${raw}`) });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}

/** Sentence punctuation after a link is not part of it; a closing parenthesis is, when opened inside. */
function trimTrailing(raw: string): string {
  const trail = raw.match(TRAILING)?.[0] ?? '';
  let link = raw.slice(0, raw.length - trail.length);
  if (trail.startsWith(')') && link.includes('(')) link += ')';
  return link;
}

/** The host a browser would go to (WHATWG URL, as browsers parse it). */
function hostOf(url: string): { host: string | null; credentials: boolean } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, credentials: parsed.username !== '' || parsed.password !== '' };
  } catch {
    return { host: null, credentials: false };
  }
}

/**
 * True when `host` belongs to the site: one of its allowed origins' hosts, that host without its
 * `www.`, or a subdomain of it.
 */
export function isSiteHost(host: string, siteHosts: readonly string[]): boolean {
  return siteHosts.some((own) => {
    const base = own.replace(/^www\./, '');
    return host === own || host === base || host.endsWith(`.${base}`);
  });
}

/** The hosts of a site's allowed origins. */
export function hostsOfOrigins(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    try {
      return [new URL(origin).hostname];
    } catch {
      return [];
    }
  });
}
