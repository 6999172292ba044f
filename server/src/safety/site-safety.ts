// A site's safety settings: their shape, defaults and validation, for the sites table, the site CLI and the admin API.
import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { type WarningCode, WARNING_CODES } from '../../../protocol/index.ts';

/** Extra rules a site adds to the shipped ones (`rules/*.json`): phrases per warning code, and link shorteners. */
export interface RuleExtensions {
  phrases?: Partial<Record<WarningCode, string[]>>;
  shorteners?: string[];
}

/** What a site decides about contact masking and warnings (contract section 11). */
export interface SiteSafety {
  /** `mask`: phone numbers, email addresses and outside links are replaced before storing. */
  contactMasking: 'off' | 'mask';
  /** The site's page about safe trading, linked from every warning; https only. */
  helpUrl: string | null;
  /** Where numbers written without a country code are read from (ISO 3166 code, FR when unset). */
  phoneCountry: CountryCode;
  rules: RuleExtensions;
}

/** The settings of a site that never set any. */
export const DEFAULT_SITE_SAFETY: SiteSafety = { contactMasking: 'off', helpUrl: null, phoneCountry: 'FR', rules: {} };

const phrase = z.string().trim().min(2).max(100);
const warningCode = z.enum(WARNING_CODES);

/** The rule extensions a site may store: bounded, so that matching stays cheap (phrases, never regular expressions). */
export const ruleExtensionsSchema = z.strictObject({
  phrases: z.partialRecord(warningCode, z.array(phrase).max(200)).optional(),
  shorteners: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]{3,100}$/, 'a host name'),
    )
    .max(200)
    .optional(),
});

/** The safety settings as the site CLI and the admin API accept them: every field optional, each checked. */
export const siteSafetyPatchSchema = z.strictObject({
  contactMasking: z.enum(['off', 'mask']).optional(),
  helpUrl: z
    .url({ protocol: /^https$/, error: 'helpUrl must be an https URL' })
    .max(2048)
    .nullable()
    .optional(),
  phoneCountry: z
    .string()
    .toUpperCase()
    .refine((c) => isSupportedCountry(c), 'phoneCountry: an ISO 3166 country code such as FR')
    .optional(),
  rules: ruleExtensionsSchema.optional(),
});

/** A checked change of a site's safety settings. */
export type SiteSafetyPatch = z.infer<typeof siteSafetyPatchSchema>;

/** The settings read from a `sites` row (columns of migration 008), defaults for what is unset. */
export function siteSafetyFromRow(row: {
  contact_masking: string | null;
  help_url: string | null;
  phone_country: string | null;
  safety_rules: unknown;
}): SiteSafety {
  const rules = ruleExtensionsSchema.safeParse(row.safety_rules ?? {});
  return {
    contactMasking: row.contact_masking === 'mask' ? 'mask' : 'off',
    helpUrl: row.help_url,
    phoneCountry: row.phone_country && isSupportedCountry(row.phone_country) ? row.phone_country : 'FR',
    rules: rules.success ? rules.data : {},
  };
}
