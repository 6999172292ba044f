// Trust and safety on the wire (contract section 11): the warning codes and the placeholder of masked contact details.

/** Why the recipient of a message is warned (`Message.warnings`); the widget explains each in the reader's language. */
export const WARNING_CODES = ['off_platform_payment', 'off_platform_contact', 'suspicious_link'] as const;

/** One code of {@link WARNING_CODES}. */
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * What replaces a phone number, an email address or an outside link in the stored body of a masked
 * message (U+FFFC OBJECT REPLACEMENT CHARACTER); the widget draws it as "hidden by <site name>" in
 * a message whose `masked` is true.
 */
export const MASK_PLACEHOLDER = '\uFFFC';

/** What a signed-in user's client learns of their site for safety notices (in the `sync` answer). */
export interface SiteInfo {
  name: string;
  /** The site's page about safe trading, linked from warnings; null when it has none. */
  helpUrl: string | null;
  /** False: notifications say a message arrived, never what it says (the site's `emailPreviews`). */
  previews: boolean;
}
