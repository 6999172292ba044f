// The loader's first paint: the contact button, the bubble and the inline chat's frame, drawn before the runtime arrives.
import { bubbleStyles } from '../components/parley-unread-bubble/parley-unread-bubble.styles.ts';
import { contactStyles } from '../components/parley-contact-seller/parley-contact-seller.styles.ts';
import { CHAT_ICON_PATH, ICON_SVG_ATTRIBUTES } from '../components/base/icon-paths.ts';
import { enLaunchers } from '../i18n/en-launchers.ts';
import { frLaunchers } from '../i18n/fr-launchers.ts';
import type { LauncherStrings } from '../i18n/strings.ts';
import type { UnreadMemory } from '../embed/unread-memory.ts';

/** What the first paint needs to know about the page. */
export interface FirstPaintOptions {
  /** The configured locale (script tag or `Parley.configure`), used when no ancestor has a `lang`. */
  locale: string | null;
  /** The last unread count known on this device, if any. */
  unread: UnreadMemory | null;
  /** Called when someone clicks a painted button: the click is acted on once the runtime is there. */
  onClick(element: HTMLElement): void;
}

/** The tags the loader paints; the runtime defines the same tags later and adopts their shadow roots. */
export const PAINTED_TAGS = ['parley-contact-seller', 'parley-unread-bubble', 'parley-chat'] as const;

const ICON = `<svg ${ICON_SVG_ATTRIBUTES}><path d="${CHAT_ICON_PATH}"/></svg>`;
/** The inline chat's frame: the size the host gave it, empty until the messenger arrives. */
const CHAT_CSS = ':host{all:initial;display:contents}:host([inline]){display:block;height:var(--parley-panel-height,560px)}';

let chatSheet: CSSStyleSheet | null = null;

/** The strings for an element: its own or an ancestor's `lang`, else the configured locale, else the page's. */
function stringsFor(element: Element, configured: string | null): { t: LauncherStrings; tag: string } {
  const tag =
    element.closest('[lang]')?.getAttribute('lang') || configured || document.documentElement.lang || navigator.language;
  return { t: /^fr\b/i.test(tag) ? frLaunchers : enLaunchers, tag: /^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(tag) ? tag : 'en' };
}

/** Text written into markup: `<`, `&` and quotes escaped. */
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A constructable sheet for the styles: allowed under a strict `style-src` (no `<style>` element). */
function sheetsOf(styles: readonly { styleSheet?: CSSStyleSheet }[]): CSSStyleSheet[] {
  return styles.map((s) => s.styleSheet).filter((s): s is CSSStyleSheet => !!s);
}

/**
 * Paints `element` (one of {@link PAINTED_TAGS}, not yet defined) in its own open shadow root, as
 * the real element will render it; does nothing when it already has a shadow root (painted, or
 * defined). Returns true when it painted.
 */
export function paint(element: HTMLElement, options: FirstPaintOptions): boolean {
  if (element.shadowRoot || customElements.get(element.localName)) return false;
  const root = element.attachShadow({ mode: 'open' });
  const { t, tag } = stringsFor(element, options.locale);
  if (element.localName === 'parley-chat') {
    chatSheet ??= new CSSStyleSheet();
    if (!chatSheet.cssRules.length) chatSheet.replaceSync(CHAT_CSS);
    root.adoptedStyleSheets = [chatSheet];
    return true;
  }
  let markup: string;
  if (element.localName === 'parley-contact-seller') {
    root.adoptedStyleSheets = sheetsOf(contactStyles);
    const own = options.unread !== null && options.unread.user === element.getAttribute('seller');
    markup = `<button class="contact" part="button" type="button" aria-busy="false">${ICON}<slot>${escape(
      own ? t.listingMessages : t.contactSeller,
    )}</slot></button>`;
  } else {
    root.adoptedStyleSheets = sheetsOf(bubbleStyles);
    const total = options.unread?.total ?? 0;
    const n = (k: number) => ({ n: new Intl.NumberFormat(tag).format(k), plural: new Intl.PluralRules(tag).select(k) });
    const label = t.bubbleLabel(total > 0 ? n(total) : null);
    const badge =
      total > 0 ? `<span class="badge" part="badge" aria-hidden="true">${total > 99 ? `${n(99).n}+` : n(total).n}</span>` : '';
    markup = `<button class="bubble" part="button" aria-label="${escape(label)}" aria-expanded="false">${ICON}${badge}</button>`;
  }
  // No user text reaches this markup: a constant template, the locale's own strings (escaped) and a
  // count that unread-memory.ts only returns as a safe non-negative integer; the seller attribute is
  // only compared. No script can come from it (and no inline style, for CSP).
  root.innerHTML = markup;
  root.querySelector('button')!.addEventListener('click', () => {
    root.querySelector('button')!.setAttribute('aria-busy', 'true');
    options.onClick(element);
  });
  return true;
}

/** Paints every Parley element inside `scope` (and `scope` itself); returns those painted. */
export function paintAll(scope: ParentNode, options: FirstPaintOptions): HTMLElement[] {
  const found = Array.from(scope.querySelectorAll<HTMLElement>(PAINTED_TAGS.join(',')));
  if (scope instanceof HTMLElement && (PAINTED_TAGS as readonly string[]).includes(scope.localName)) found.unshift(scope);
  return found.filter((element) => paint(element, options));
}
