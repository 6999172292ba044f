// Phrase rules (the data in rules/*.json and a site's extensions) compiled to matchers over folded text.
import type { WarningCode } from '../../../protocol/index.ts';
import en from './rules/en.json' with { type: 'json' };
import fr from './rules/fr.json' with { type: 'json' };

/** The shipped rule files, one per language; every message is checked against all of them. */
const SHIPPED: Array<Partial<Record<WarningCode, string[]>>> = [fr, en];

/** A compiled rule: every part must appear in the message, each as whole words. */
type Rule = RegExp[];

/** Compiled rules per warning code. */
export type PhraseRules = Map<WarningCode, Rule[]>;

/**
 * Text folded for matching: accents removed, lower case, every run of other characters one space,
 * padded with a space each side (`"Western-Union!"` → `" western union "`).
 */
export function foldText(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9*+]+/g, ' ')
    .trim();
  return ` ${folded} `;
}

/**
 * One phrase as a rule: `mandat cash` (these words in a row), `crypto*` (a word starting so),
 * `acompte + virement` (both anywhere in the message). Only letters, digits, spaces, `*` and `+`
 * survive folding, so a site's phrase can never be a costly regular expression.
 */
export function compilePhrase(phrase: string): Rule | null {
  const parts = foldText(phrase)
    .split('+')
    .map((part) => part.replace(/[+]/g, ' ').trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  return parts.map((part) => {
    const words = part
      .split(' ')
      .filter((w) => w.replace(/\*/g, ''))
      .map((w) => (w.endsWith('*') ? `${w.replace(/\*/g, '')}[a-z0-9]*` : w.replace(/\*/g, '')));
    return new RegExp(` ${words.join(' ')} `);
  });
}

/** Compiles phrase lists per code (the shipped files, then `extra`). */
export function compileRules(extra: Partial<Record<WarningCode, string[]>> = {}): PhraseRules {
  const rules: PhraseRules = new Map();
  for (const source of [...SHIPPED, extra]) {
    for (const [code, phrases] of Object.entries(source) as Array<[WarningCode, string[]]>) {
      const list = rules.get(code) ?? [];
      for (const phrase of phrases) {
        const rule = compilePhrase(phrase);
        if (rule) list.push(rule);
      }
      rules.set(code, list);
    }
  }
  return rules;
}

/** The codes whose rules match `text`. */
export function matchRules(text: string, rules: PhraseRules): Set<WarningCode> {
  const folded = foldText(text).replace(/[*+]/g, ' ');
  const codes = new Set<WarningCode>();
  for (const [code, list] of rules) {
    if (list.some((rule) => rule.every((part) => part.test(folded)))) codes.add(code);
  }
  return codes;
}
