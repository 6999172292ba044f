// Finds the email languages: every file in locales/ is one (add a language by adding a file).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmailStrings } from './email-strings.ts';
import en from './locales/en.ts';

const LOCALES_DIR = new URL('./locales/', import.meta.url);
const FILE = /^([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\.ts$/i;

/** The languages emails can be written in, by lower-case tag. English is the fallback. */
export type EmailLocales = ReadonlyMap<string, EmailStrings>;

/** Loads every locales/<tag>.ts (its default export, an {@link EmailStrings}). */
export async function loadEmailLocales(): Promise<EmailLocales> {
  const locales = new Map<string, EmailStrings>([['en', en]]);
  for (const file of readdirSync(fileURLToPath(LOCALES_DIR))) {
    const tag = FILE.exec(file)?.[1]?.toLowerCase();
    if (!tag || locales.has(tag)) continue;
    const module = (await import(new URL(file, LOCALES_DIR).href)) as { default: EmailStrings };
    locales.set(tag, module.default);
  }
  return locales;
}

let loaded: Promise<EmailLocales> | null = null;

/** The languages found in locales/, loaded once per process. */
export function emailLocales(): Promise<EmailLocales> {
  loaded ??= loadEmailLocales();
  return loaded;
}

/**
 * The strings for a user's `locale` claim: the exact tag (`fr-ca`), else its language (`fr`), else
 * English.
 */
export function pickLocale(locales: EmailLocales, locale: string | null): EmailStrings {
  const tag = (locale ?? '').toLowerCase();
  return locales.get(tag) ?? locales.get(tag.split('-')[0]!) ?? en;
}
