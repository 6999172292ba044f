// Locale resolution and the strings of the supported locales (English and French).
import { en } from './en.ts';
import { fr } from './fr.ts';
import type { Count, Strings } from './strings.ts';

export type { Count, Strings } from './strings.ts';

/** Languages the widget ships. */
export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

const TABLES: Record<Language, Strings> = { en, fr };

/** The supported language for a BCP 47 tag (`fr-CA` → `fr`), English otherwise. */
export function languageOf(locale: string | null | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

/** A locale's strings plus its Intl helpers. */
export interface Localization {
  /** The full tag used for Intl (e.g. `fr-FR`). */
  locale: string;
  language: Language;
  t: Strings;
  /** A count for the strings' plural functions. */
  count(n: number): Count;
}

const cache = new Map<string, Localization>();

/** Strings and Intl helpers for a locale tag (unsupported languages fall back to English). */
export function localize(locale: string | null | undefined): Localization {
  const language = languageOf(locale);
  const tag = locale && locale.toLowerCase().split(/[-_]/)[0] === language && isValidTag(locale) ? locale : language;
  let hit = cache.get(tag);
  if (!hit) {
    const numbers = new Intl.NumberFormat(tag);
    const plurals = new Intl.PluralRules(tag);
    hit = { locale: tag, language, t: TABLES[language], count: (n) => ({ n: numbers.format(n), plural: plurals.select(n) }) };
    cache.set(tag, hit);
  }
  return hit;
}

/** The locale for an element: its own or an ancestor's `lang`, then the configured one, then the page's. */
export function localeFor(element: Element, configured?: string): string {
  const withLang = element.closest('[lang]');
  const lang = withLang?.getAttribute('lang');
  if (lang) return lang;
  if (configured) return configured;
  return document.documentElement.lang || navigator.language || 'en';
}

function isValidTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false; // e.g. `fr_FR`: Intl would throw, the language alone is used
  }
}
