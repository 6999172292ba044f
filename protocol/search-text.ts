// How both sides read search text: the words of a query, accent folding, and highlight ranges as offsets (never markup).
import { LIMITS } from './limits.ts';

/** Letters and digits of any script: what counts as one word, in a query and in a text. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Longest query word kept (in code points); longer ones are cut, like PostgreSQL would ignore them. */
const MAX_WORD_CHARS = 64;
/** Letters that have no decomposition but that PostgreSQL's unaccent still spells out. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };

/** Lowercases and strips accents as the server's `unaccent` does ("Vélo" → "velo", "Œuvre" → "oeuvre"). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđı]/g, (ch) => LIGATURES[ch]!);
}

/** The distinct words of a query (letters and digits only, so they are safe in any query syntax), at most `LIMITS.searchMaxWords`. */
export function queryWords(query: string): string[] {
  const words = new Set<string>();
  for (const [word] of query.normalize('NFC').matchAll(WORD)) {
    words.add(Array.from(word).slice(0, MAX_WORD_CHARS).join(''));
    if (words.size === LIMITS.searchMaxWords) break;
  }
  return [...words];
}

/**
 * `[start, end)` ranges (UTF-16 offsets) of the words of `text` that start with one of `prefixes`
 * (folded with {@link foldText}): whole words, in order, never overlapping.
 */
export function highlightRanges(text: string, prefixes: readonly string[]): Array<[number, number]> {
  const wanted = prefixes.filter((p) => p.length > 0);
  const ranges: Array<[number, number]> = [];
  if (wanted.length === 0) return ranges;
  for (const match of text.matchAll(WORD)) {
    const folded = foldText(match[0]);
    if (wanted.some((p) => folded.startsWith(p))) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/**
 * At most about `maxChars` of `text` around its first highlight, with the ranges moved to match; an
 * ellipsis marks each cut, and no cut splits a surrogate pair.
 */
export function excerpt(
  text: string,
  ranges: Array<[number, number]>,
  maxChars = 200,
): { text: string; highlights: Array<[number, number]> } {
  if (text.length <= maxChars) return { text, highlights: ranges };
  let start = Math.max(0, (ranges[0]?.[0] ?? 0) - Math.floor(maxChars / 5));
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--;
  const head = start > 0 ? '…' : '';
  const shift = head.length - start;
  const highlights = ranges
    .filter(([from]) => from >= start && from < end)
    .map(([from, to]): [number, number] => [from + shift, Math.min(to, end) + shift]);
  return { text: head + text.slice(start, end) + (end < text.length ? '…' : ''), highlights };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
