// What the send path does to a message body for safety: mask contact details (when the site asks) and find warnings.
import { MASK_PLACEHOLDER, WARNING_CODES, type WarningCode } from '../../../protocol/index.ts';
import { type Span, findEmails } from './find-emails.ts';
import { findLinks, hostsOfOrigins } from './find-links.ts';
import { findPhones } from './find-phones.ts';
import { type LinkRisk, linkRisk, SHORTENERS } from './link-risk.ts';
import { compileRules, matchRules, type PhraseRules } from './phrase-rules.ts';
import type { SiteSafety } from './site-safety.ts';

/** The site a message is checked for: its hosts are the "inside", its settings say what to mask. */
export interface SafetySite {
  allowedOrigins: readonly string[];
  safety: SiteSafety;
}

/** What kind of contact detail a masked span was. */
export type ContactKind = 'phone' | 'email' | 'link';

/** The outcome of {@link checkMessage}. */
export interface CheckedMessage {
  /** The body to store: the original, or with each masked span replaced by `MASK_PLACEHOLDER`. */
  body: string;
  masked: boolean;
  /** The kinds masked (or that would be, with masking off): what the corpus test measures. */
  contacts: Set<ContactKind>;
  /** In `WARNING_CODES` order. */
  warnings: WarningCode[];
  /** The risk of each link found, in order (null: the site's own). */
  linkRisks: Array<LinkRisk | null>;
}

/** Compiled rules and shorteners per extension object (site records are cached and reused, so this is hit). */
const compiled = new WeakMap<object, { rules: PhraseRules; shorteners: Set<string> }>();
const NO_EXTENSIONS = {};

function compiledFor(site: SafetySite) {
  const key = site.safety.rules ?? NO_EXTENSIONS;
  let entry = compiled.get(key);
  if (!entry) {
    entry = {
      rules: compileRules(site.safety.rules.phrases),
      shorteners: new Set([...SHORTENERS, ...(site.safety.rules.shorteners ?? [])]),
    };
    compiled.set(key, entry);
  }
  return entry;
}

/**
 * Checks `text` for `site`: finds links, email addresses and phone numbers (in that order of
 * precedence, a span claimed once), masks them when the site's `contactMasking` is `mask` (links to
 * the site's own hosts stay), and lists the warnings for the recipient, found in the original text.
 */
export function checkMessage(written: string, site: SafetySite): CheckedMessage {
  // In a masked message every placeholder is drawn as "hidden by <site>": a sender cannot type one.
  const text = site.safety.contactMasking === 'mask' ? written.replaceAll(MASK_PLACEHOLDER, '') : written;
  const { rules, shorteners } = compiledFor(site);
  const siteHosts = hostsOfOrigins(site.allowedOrigins);
  const spans: Array<Span & { kind: ContactKind }> = [];
  const claim = (span: Span, kind: ContactKind) => {
    if (!spans.some((s) => span.start < s.end && span.end > s.start)) spans.push({ ...span, kind });
  };

  // An address inside a URL (`https://bank.com@evil.example`) is the URL's, and a domain inside an
  // address (`anna (at) icloud.com`) is the address's: http(s) URLs, then addresses, then bare hosts.
  const found = findLinks(text);
  const emails = findEmails(text).filter((e) => !found.some((l) => l.scheme && overlaps(e, l)));
  const links = found.filter((l) => l.scheme || !emails.some((e) => overlaps(e, l)));
  const linkRisks = links.map((link) => linkRisk(link, siteHosts, shorteners));
  links.forEach((link, i) => {
    if (link.scheme || linkRisks[i] === null) claim(link, 'link');
  });
  for (const span of emails) claim(span, 'email');
  for (const link of links) claim(link, 'link');
  for (const span of findPhones(text, site.safety.phoneCountry)) claim(span, 'phone');

  // The site's own links were claimed only to keep emails and phones out of them: they are not masked.
  const masking = spans.filter((s) => !(s.kind === 'link' && isOwn(s, links, linkRisks))).sort((a, b) => a.start - b.start);
  const contacts = new Set(masking.map((s) => s.kind));
  const mask = site.safety.contactMasking === 'mask' && masking.length > 0;
  let body = text;
  if (mask) {
    body = '';
    let last = 0;
    for (const span of masking) {
      body += text.slice(last, span.start) + MASK_PLACEHOLDER;
      last = span.end;
    }
    body += text.slice(last);
  }

  const codes = matchRules(text, rules);
  if (linkRisks.some((risk) => risk !== null)) codes.add('suspicious_link');
  return { body, masked: mask, contacts, warnings: WARNING_CODES.filter((code) => codes.has(code)), linkRisks };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && a.end > b.start;

function isOwn(span: Span, links: ReturnType<typeof findLinks>, risks: Array<LinkRisk | null>): boolean {
  const index = links.findIndex((l) => l.start === span.start && l.end === span.end);
  return index >= 0 && risks[index] === null;
}
