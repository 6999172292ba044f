// Measures masking and warnings on the hand-labelled corpus (corpus.jsonl): prints precision and recall, fails below the thresholds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MASK_PLACEHOLDER, WARNING_CODES } from '../../../protocol/index.ts';
import { checkMessage, type ContactKind } from './check-message.ts';
import { DEFAULT_SITE_SAFETY } from './site-safety.ts';

interface Sample {
  lang: 'fr' | 'en';
  text: string;
  contacts: ContactKind[];
  warnings: string[];
  /** Substrings (prices, dates, postcodes, order numbers) that must survive masking. */
  keep?: string[];
}

const samples: Sample[] = readFileSync(new URL('./corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Sample);

/** The corpus's site: the marketplace its messages were written for. */
const site = {
  allowedOrigins: ['https://www.troc-market.fr'],
  safety: { ...DEFAULT_SITE_SAFETY, contactMasking: 'mask' as const },
};

/**
 * Thresholds, and why:
 * - Masking recall ≥ 0.95 on phones and emails: a hidden number is the feature; a few numbers
 *   written in words or in formats valid nowhere (`555 0134`) are accepted misses.
 * - Masking precision ≥ 0.95 per kind, and at most 2 % of ordinary messages (no contact details)
 *   masked at all: a price, date, postcode or order number hidden breaks an honest deal, which costs
 *   the site more than a missed number.
 * - Warnings recall ≥ 0.85 and precision ≥ 0.9 each: a warning is advice under a message that still
 *   arrives, so a miss is less harmful than in masking, but a warning under honest talk teaches
 *   users to ignore warnings, so precision is held higher than recall.
 */
const THRESHOLDS = {
  maskRecall: { phone: 0.95, email: 0.95, link: 0.95 },
  maskPrecision: 0.95,
  ordinaryFalsePositiveRate: 0.02,
  warningRecall: 0.85,
  warningPrecision: 0.9,
};

interface Score {
  tp: number;
  fp: number;
  fn: number;
}
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const precision = (s: Score) => ratio(s.tp, s.tp + s.fp);
const recall = (s: Score) => ratio(s.tp, s.tp + s.fn);

function score(labels: (s: Sample) => string[], found: (s: Sample) => Set<string>, name: string): Score {
  const result: Score = { tp: 0, fp: 0, fn: 0 };
  for (const sample of samples) {
    const expected = labels(sample).includes(name);
    const got = found(sample).has(name);
    if (expected && got) result.tp++;
    else if (got) result.fp++;
    else if (expected) result.fn++;
  }
  return result;
}

describe('safety corpus', () => {
  const checked = new Map(samples.map((s) => [s, checkMessage(s.text, site)]));
  const row = (name: string, s: Score) =>
    `${name.padEnd(22)} precision ${precision(s).toFixed(3)}  recall ${recall(s).toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;

  it('should hold at least 150 messages in both languages', () => {
    assert.ok(samples.length >= 150, `${samples.length} messages`);
    assert.ok(samples.filter((s) => s.lang === 'fr').length >= 50);
    assert.ok(samples.filter((s) => s.lang === 'en').length >= 50);
  });

  it('should mask phone numbers, emails and outside links with high recall and precision', () => {
    const lines: string[] = [];
    for (const kind of ['phone', 'email', 'link'] as const) {
      const s = score(
        (x) => x.contacts,
        (x) => checked.get(x)!.contacts,
        kind,
      );
      lines.push(row(`mask ${kind}`, s));
      assert.ok(recall(s) >= THRESHOLDS.maskRecall[kind], `${kind} recall ${recall(s)}`);
      assert.ok(precision(s) >= THRESHOLDS.maskPrecision, `${kind} precision ${precision(s)}`);
    }
    const ordinary = samples.filter((s) => s.contacts.length === 0);
    const wronglyMasked = ordinary.filter((s) => checked.get(s)!.masked);
    const rate = wronglyMasked.length / ordinary.length;
    lines.push(`ordinary messages masked: ${wronglyMasked.length}/${ordinary.length} (${(rate * 100).toFixed(1)} %)`);
    console.log(lines.join('\n'));
    for (const s of wronglyMasked) console.log(`  masked: ${s.text} → ${checked.get(s)!.body}`);
    assert.ok(rate <= THRESHOLDS.ordinaryFalsePositiveRate, `false positives ${rate}`);
  });

  it('should never mask a price, date, postcode or order number', () => {
    const broken = samples.flatMap((s) =>
      (s.keep ?? []).filter((k) => !checked.get(s)!.body.includes(k)).map((k) => `${k} in ${s.text}`),
    );
    assert.deepEqual(broken, []);
  });

  it('should replace every masked span by the placeholder and keep the rest', () => {
    for (const s of samples) {
      const { body, masked } = checked.get(s)!;
      assert.equal(body.includes(MASK_PLACEHOLDER), masked, s.text);
    }
  });

  it('should warn of each risk with high precision and recall', () => {
    const lines: string[] = [];
    for (const code of WARNING_CODES) {
      const s = score(
        (x) => x.warnings,
        (x) => new Set(checked.get(x)!.warnings),
        code,
      );
      lines.push(row(code, s));
      for (const x of samples) {
        const got = checked.get(x)!.warnings.includes(code);
        if (got !== x.warnings.includes(code)) lines.push(`  ${got ? 'false positive' : 'missed'}: ${x.text}`);
      }
      assert.ok(recall(s) >= THRESHOLDS.warningRecall, `${code} recall ${recall(s)}`);
      assert.ok(precision(s) >= THRESHOLDS.warningPrecision, `${code} precision ${precision(s)}`);
    }
    console.log(lines.join('\n'));
  });
});
