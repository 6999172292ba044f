// Finds phone numbers in message text with libphonenumber-js (full metadata: a number must be valid, not only long enough).
import { type CountryCode, findNumbers, type PhoneNumber } from 'libphonenumber-js/max';
import type { Span } from './find-emails.ts';

/**
 * Countries whose national formats are also looked for, beyond the site's own: English speakers on a
 * French site write British and North American numbers.
 */
const OTHER_COUNTRIES: CountryCode[] = ['GB', 'US'];

/**
 * Every phone number in `text`, in three passes, each keeping what the earlier ones left:
 * 1. valid numbers of the site's country written as its people write them (with the national prefix,
 *    `06…` in France) or in international form (`+33…`, `0033…`);
 * 2. numbers in international form that are merely possible (a `+` and the right length): nobody
 *    writes a price or an order number after a `+`;
 * 3. possible numbers of other countries written in groups, exactly as that country groups them (`(415) 555-0132`,
 *    `020 7946 0018`), so that order and parcel numbers (`0123 4567 890`) stay text.
 * A phone number is written with digits, spaces, dots, dashes, slashes and parentheses only (a comma
 * ends it); a number glued to letters (`FA-2024-00871`, `8R0123…`) is part of a reference, not a phone number.
 */
export function findPhones(written: string, defaultCountry: CountryCode): Span[] {
  // Most messages hold too few digits for any phone number: the four searches below cost ~0.5 ms.
  if ((written.match(/\d/g)?.length ?? 0) < MIN_DIGITS) return [];
  // libphonenumber-js lets a match run on across a comma (`06 12 34 56 78, 06`): a comma or semicolon
  // never belongs to a number, so the search sees line breaks there (same length: offsets hold).
  const text = written.replace(/[,;]/g, '\n');
  const spans: Span[] = [];
  const keep = (span: Span) => {
    if (
      !WRITTEN_NUMBER.test(text.slice(span.start, span.end)) ||
      partOfReference(text, span) ||
      spans.some((s) => span.start < s.end && span.end > s.start)
    )
      return;
    spans.push(span);
  };
  for (const m of findNumbers(text, valid(defaultCountry))) {
    const written = text.slice(m.startsAt, m.endsAt);
    if (international(written) || digitsOf(written) === digitsOf(nationalFormat(m.number))) keep(spanOf(m));
  }
  for (const m of findNumbers(text, possible(defaultCountry))) {
    if (international(text.slice(m.startsAt, m.endsAt))) keep(spanOf(m));
  }
  for (const country of OTHER_COUNTRIES) {
    if (country === defaultCountry) continue;
    for (const m of findNumbers(text, possible(country))) {
      const groups = groupsOf(text.slice(m.startsAt, m.endsAt));
      if (groups.includes(' ') && groups === groupsOf(nationalFormat(m.number))) keep(spanOf(m));
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Options of the searches: `leniency` (`POSSIBLE`: also numbers that are merely possible) and
 * `maxTries` are documented by libphonenumber-js (README, "findNumbers") but missing from its type
 * declarations.
 */
const possible = (defaultCountry: CountryCode) =>
  ({ defaultCountry, v2: true, leniency: 'POSSIBLE', maxTries: MAX_TRIES }) as { defaultCountry: CountryCode; v2: true };
const valid = (defaultCountry: CountryCode) =>
  ({ defaultCountry, v2: true, maxTries: MAX_TRIES }) as { defaultCountry: CountryCode; v2: true };
/** The fewest digits of a phone number anywhere (a seven-digit local number). */
const MIN_DIGITS = 7;
/**
 * Invalid candidates each search tries before giving up (libphonenumber-js `maxTries`): a body of
 * 4,000 digits otherwise costs ~100 ms. Hiding a number behind a hundred fake ones makes a message
 * no one would answer.
 */
const MAX_TRIES = 100;
/** Digits and the separators people put between them, and an extension (`ext 22`, `poste 12`). */
const WRITTEN_NUMBER = /^[\d\s.()/+-]+(?:(?:ext\.?|x|poste)\s*\d+)?$/i;
const spanOf = (m: { startsAt: number; endsAt: number }): Span => ({ start: m.startsAt, end: m.endsAt });
const international = (written: string) => /^(\+|00)/.test(written.trim());
const nationalFormat = (number: PhoneNumber) => number.formatNational();
const digitsOf = (written: string) => written.replace(/\D+/g, '');
/** The digit groups of a written number, whatever separates them: `(415) 555-0132` → `415 555 0132`. */
const groupsOf = (written: string) => written.replace(/\D+/g, ' ').trim();
/** A letter or digit just before (`FA-2024…`, `8R 0123…` is not: a space separates) or just after. */
const partOfReference = (text: string, { start, end }: Span) =>
  /[\p{L}\p{N}][-/.]?$/u.test(text.slice(Math.max(0, start - 2), start)) || /^[\p{L}\p{N}]/u.test(text.slice(end));
