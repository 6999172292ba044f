// Page-level settings the elements read (where to send a signed-out user, the inbox page, the title badge), set by Parley.configure().
import { safeUrl } from '../components/base/urls.ts';

/** Navigation settings shared by the page's elements. */
export interface PageSettings {
  /** Where `<parley-contact-seller>` sends a signed-out user (after an uncancelled `parley-login-required`). */
  loginUrl: string | null;
  /** When set, `<parley-contact-seller>` goes to this page with `?parley-conversation=<id>` instead of opening the panel. */
  inboxUrl: string | null;
  /** The unread count in the page's title, `(3) Title` (on unless turned off). */
  titleBadge: boolean;
  /** Goes to another page; replaceable so that tests (and single-page hosts) can intercept it. */
  navigate: (url: string) => void;
}

/** The query parameter that names the conversation to open on the inbox page. */
export const CONVERSATION_PARAM = 'parley-conversation';

const settings: PageSettings = { loginUrl: null, inboxUrl: null, titleBadge: true, navigate: (url) => location.assign(url) };

/** The current settings (read-only view). */
export function pageSettings(): Readonly<PageSettings> {
  return settings;
}

/** Changes some settings. */
export function updatePageSettings(patch: Partial<PageSettings>): void {
  Object.assign(settings, patch);
}

/** A page address, resolved against the current page; null for anything but http(s). */
export function safePageUrl(url: string | null, params: Record<string, string> = {}): string | null {
  const safe = safeUrl(url);
  if (!safe) return null;
  const resolved = new URL(safe);
  for (const [k, v] of Object.entries(params)) resolved.searchParams.set(k, v);
  return resolved.href;
}
