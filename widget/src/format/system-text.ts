// What a system message says, in the reader's language: a listing's new status, or the site's own note.
import type { SystemContent } from '../../../protocol/index.ts';
import type { Strings } from '../i18n/index.ts';

/**
 * The text of a system message: drawn from the locale for a status change, the site's words for a
 * note. A kind this widget does not know yet (a newer server) reads as a note from the site.
 */
export function systemText(system: SystemContent, t: Strings): string {
  if (system.type === 'listing.status') return t.listingStatusChanged[system.status] ?? t.siteNote;
  if (system.type === 'text') return system.text;
  return t.siteNote;
}
