// Unit tests of the finders, the phrase rules and link risks: each case a reason the corpus alone would not show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, MASK_PLACEHOLDER } from '../../../protocol/index.ts';
import { checkMessage } from './check-message.ts';
import { findEmails } from './find-emails.ts';
import { findLinks, isSiteHost } from './find-links.ts';
import { findPhones } from './find-phones.ts';
import { linkRisk, looksLike } from './link-risk.ts';
import { compilePhrase, compileRules, foldText, matchRules } from './phrase-rules.ts';
import { DEFAULT_SITE_SAFETY, ruleExtensionsSchema, siteSafetyPatchSchema } from './site-safety.ts';

const texts = (text: string, spans: Array<{ start: number; end: number }>) => spans.map((s) => text.slice(s.start, s.end));
const site = (fields: Partial<typeof DEFAULT_SITE_SAFETY> = {}) => ({
  allowedOrigins: ['https://www.troc-market.fr'],
  safety: { ...DEFAULT_SITE_SAFETY, contactMasking: 'mask' as const, ...fields },
});

describe('findPhones', () => {
  it('should find French numbers in every usual format', () => {
    const text =
      '06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 0612345678, +33 6 12 34 56 78, +33612345678, 0033 6 12 34 56 78';
    assert.equal(findPhones(text, 'FR').length, 7);
  });

  it('should find international numbers, and British or American ones written their way', () => {
    const text = '+44 7911 123456 / +49 151 23456789 / (415) 555-0132 / 020 7946 0018';
    assert.deepEqual(texts(text, findPhones(text, 'FR')), [
      '+44 7911 123456',
      '+49 151 23456789',
      '(415) 555-0132',
      '020 7946 0018',
    ]);
  });

  it('should leave prices, dates, postcodes, order and parcel numbers alone', () => {
    for (const text of [
      '1 299,00 €',
      'le 03.07.2025 à 15h30',
      '75011 Paris',
      'Commande 1004589327',
      'FA-2024-00871',
      'colis 8R 0123 4567 890',
      'SIRET 812 345 678 00021',
      '2487561093',
    ]) {
      assert.deepEqual(findPhones(text, 'FR'), [], text);
    }
  });

  it('should read numbers in the site country', () => {
    assert.equal(findPhones('call 020 7946 0018', 'GB').length, 1);
    assert.equal(findPhones('06 12 34 56 78', 'GB').length, 0, 'not a British format');
  });
});

describe('findEmails', () => {
  it('should find addresses as written and spelled out', () => {
    for (const text of [
      'marie.dupont@gmail.com',
      'claire.v @ gmail.com',
      'jp.martin arobase orange.fr',
      'lucas (at) hotmail.fr',
      'sophie[at]yahoo.fr',
      'nico83 at free point fr',
      'kate dot miller at gmail dot com',
    ]) {
      assert.deepEqual(texts(text, findEmails(text)), [text], text);
    }
  });

  it('should not take "at" in a sentence for an address', () => {
    assert.deepEqual(findEmails('meet at the station at 5 point 30'), []);
    assert.deepEqual(findEmails('I am at home, point taken'), []);
  });

  it('should refuse a pathological text of the longest body in time of the same order as an ordinary one', () => {
    // Backtracking gone wrong costs seconds, not a few times an ordinary text: compared with a baseline
    // of the same length measured here (best of 5 each), not with a fixed time, so that load does not matter.
    const fill = (unit: string) => unit.repeat(Math.ceil(LIMITS.bodyMaxChars / unit.length)).slice(0, LIMITS.bodyMaxChars);
    const best = (text: string) => {
      let fastest = Infinity;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        findEmails(text);
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    const ordinary = best(fill('Bonjour, le vélo est toujours disponible, passez samedi vers 14 h. '));
    const pathological = best(`${fill('a dot ').slice(0, -2)}at`);
    assert.ok(
      pathological < Math.max(ordinary, 0.5) * 200,
      `pathological ${pathological.toFixed(1)} ms, ordinary ${ordinary.toFixed(1)} ms`,
    );
  });
});

describe('findLinks', () => {
  it('should find http(s) URLs, www hosts and bare domains, without trailing punctuation', () => {
    const text = 'see https://a.example/x?y=1, www.shop.example and bit.ly/abc. Also 2.5kg and M.Dupont';
    assert.deepEqual(
      findLinks(text).map((l) => [l.raw, l.host]),
      [
        ['https://a.example/x?y=1', 'a.example'],
        ['www.shop.example', 'www.shop.example'],
        ['bit.ly/abc', 'bit.ly'],
      ],
    );
  });

  it('should read the real host of a user@host URL and the punycode of an international name', () => {
    const [withUser] = findLinks('https://www.troc-market.fr@evil.example/login');
    assert.equal(withUser!.host, 'evil.example');
    assert.equal(withUser!.credentials, true);
    const [idn] = findLinks('https://trоc-market.fr/x'); // Cyrillic о
    assert.match(idn!.host!, /^xn--/);
  });

  it('should treat the site hosts, without www and their subdomains, as the site', () => {
    const own = ['www.troc-market.fr'];
    assert.equal(isSiteHost('troc-market.fr', own), true);
    assert.equal(isSiteHost('aide.troc-market.fr', own), true);
    assert.equal(isSiteHost('troc-market.fr.evil.example', own), false);
  });
});

describe('linkRisk', () => {
  const own = ['www.troc-market.fr'];
  const risk = (url: string) => linkRisk(findLinks(url)[0]!, own, new Set(['bit.ly']));
  it('should name why a link is risky', () => {
    assert.equal(risk('https://www.troc-market.fr/a'), null);
    assert.equal(risk('https://user@www.troc-market.fr/a'), 'credentials');
    assert.equal(risk('https://trоc-market.fr/'), 'homograph');
    assert.equal(risk('https://tr0c-market.fr/'), 'lookalike');
    assert.equal(risk('https://troc-market-paiement.com/'), 'lookalike');
    assert.equal(risk('https://bit.ly/x'), 'shortener');
    assert.equal(risk('https://ikea.com/'), 'outside');
  });

  it('should not call every short name a look-alike', () => {
    assert.equal(looksLike('ebay.com', 'www.troc-market.fr'), false);
    assert.equal(looksLike('www.trocmarket.fr', 'www.troc-market.fr'), true);
  });
});

describe('phrase rules', () => {
  it('should match whole words, accents and case folded, prefixes and all-parts phrases', () => {
    const rules = compileRules({ off_platform_payment: ['caisse noire', 'rib + urgent'] });
    assert.ok(matchRules('Paiement par WESTERN-union svp', rules).has('off_platform_payment'));
    assert.ok(matchRules('en cryptomonnaie', rules).has('off_platform_payment'), 'crypto*');
    assert.ok(matchRules('Une caisse noire ?', rules).has('off_platform_payment'), 'a site extension');
    assert.ok(matchRules('URGENT : envoyez votre RIB', rules).has('off_platform_payment'));
    assert.ok(!matchRules('envoyez votre RIB', rules).has('off_platform_payment'), 'one part of two');
    assert.ok(!matchRules('je vais signaler ce message', rules).has('off_platform_contact'));
    assert.ok(!matchRules('je paie avec le paiement sécurisé du site', rules).has('off_platform_payment'));
  });

  it('should turn any phrase into a plain word pattern', () => {
    const [part] = compilePhrase('(a+)+$ .* [x]')!;
    assert.equal(part!.source, ' a ');
    assert.equal(foldText('Élève-toi!'), ' eleve toi ');
  });
});

describe('checkMessage', () => {
  it('should mask only when the site asks, and warn either way', () => {
    const text = 'Mon 06 12 34 56 78, paiement Western Union';
    const off = checkMessage(text, site({ contactMasking: 'off' }));
    assert.deepEqual([off.body, off.masked, off.warnings], [text, false, ['off_platform_payment']]);
    const on = checkMessage(text, site());
    assert.deepEqual([on.body, on.masked], [`Mon ${MASK_PLACEHOLDER}, paiement Western Union`, true]);
  });

  it('should keep links to the site, and a typed placeholder out of a masked message', () => {
    const own = checkMessage('https://www.troc-market.fr/annonces/1', site());
    assert.deepEqual([own.masked, own.warnings], [false, []]);
    const typed = checkMessage(`fake ${MASK_PLACEHOLDER} here`, site());
    assert.equal(typed.body, 'fake  here');
  });

  it('should apply a site extension of the rules and its shorteners', () => {
    const extended = site({ rules: { phrases: { off_platform_contact: ['discord'] }, shorteners: ['lnk.shop'] } });
    assert.deepEqual(checkMessage('on discord?', extended).warnings, ['off_platform_contact']);
    assert.deepEqual(checkMessage('lnk.shop/x', extended).linkRisks, ['shortener']);
  });
});

describe('site safety settings', () => {
  it('should accept valid settings and refuse the rest', () => {
    assert.ok(
      siteSafetyPatchSchema.safeParse({ contactMasking: 'mask', helpUrl: 'https://m.example/help', phoneCountry: 'be' }).success,
    );
    assert.ok(!siteSafetyPatchSchema.safeParse({ contactMasking: 'hide' }).success);
    assert.ok(!siteSafetyPatchSchema.safeParse({ helpUrl: 'javascript:alert(1)' }).success);
    assert.ok(!siteSafetyPatchSchema.safeParse({ helpUrl: 'http://m.example/help' }).success);
    assert.ok(!siteSafetyPatchSchema.safeParse({ phoneCountry: 'XX' }).success);
    assert.ok(!ruleExtensionsSchema.safeParse({ phrases: { unknown_code: ['x'] } }).success);
    assert.ok(!ruleExtensionsSchema.safeParse({ phrases: { suspicious_link: Array(201).fill('word') } }).success);
  });
});
