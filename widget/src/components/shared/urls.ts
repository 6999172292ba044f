// URLs from listing snapshots (chosen by the buyer's page) are only used when they are http(s).

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
