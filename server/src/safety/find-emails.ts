// Finds email addresses in message text, also when spelled out to dodge filters ("at", "arobase", "(at)", "[at]", "dot").

/** Where an address is in the text. */
export interface Span {
  start: number;
  end: number;
}

const WORD = '[\\p{L}\\p{N}_%+-]+';
/** `local@domain.tld`, with at most one space around the `@`. */
const PLAIN = new RegExp(`${WORD}(?:\\.${WORD})*\\s?@\\s?[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}`, 'giu');

const DOT = '(?:\\.|\\s*[(\\[{]\\s*(?:dot|point)\\s*[)\\]}]\\s*|\\s+(?:dot|point)\\s+)';
const AT = '(?:\\s*[(\\[{]\\s*(?:at|@|arobase)\\s*[)\\]}]\\s*|\\s+(?:at|arobase)\\s+|\\s*\\barobase\\b\\s*)';
/** Top-level domains accepted after a spelled-out "at": "meet at the station point" must stay text. */
const SPELLED_TLDS = '(?:com|fr|net|org|io|be|ch|eu|de|uk|co|me|es|it|info|biz)';
const SPELLED = new RegExp(
  `${WORD}(?:${DOT}${WORD})*${AT}[\\p{L}\\p{N}-]+(?:${DOT}[\\p{L}\\p{N}-]+)*?${DOT}${SPELLED_TLDS}(?![\\p{L}\\p{N}])`,
  'giu',
);

/** Every email address in `text` (as written or spelled out), in order, without overlaps. */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [PLAIN, SPELLED]) {
    for (const match of text.matchAll(pattern)) {
      const span = { start: match.index, end: match.index + match[0].length };
      if (!spans.some((s) => span.start < s.end && span.end > s.start)) spans.push(span);
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}
