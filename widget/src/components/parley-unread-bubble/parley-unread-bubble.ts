// <parley-unread-bubble>: the floating launcher with the live unread count; a click toggles the chat panel.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ParleyClient } from '../../client/parley-client.ts';
import type { ParleyState } from '../../client/types.ts';
import { ClientController } from '../../controllers/client-controller.ts';
import { ensureFloatingChat } from '../../embed/floating-chat.ts';
import { dispatchParleyEvent } from '../../events.ts';
import { localeFor, localize } from '../../i18n/index.ts';
import { isPageEventSource, joinPageEvents, leavePageEvents } from '../../page-events.ts';
import { icons } from '../shared/icons.ts';
import { bubbleStyles } from './parley-unread-bubble.styles.ts';

/** The badge shows at most this number, then `99+`. */
const MAX_SHOWN = 99;

/**
 * A round button fixed in a corner of the page, showing the signed-in user's total unread count
 * (`99+` above 99, no badge at 0). A click opens or closes the chat panel, creating a floating
 * `<parley-chat>` when the page has none. Its accessible name says the count.
 *
 * @tagname parley-unread-bubble
 * @summary Floating launcher with the live unread count.
 *
 * @attr position - `bottom-right` (default) or `bottom-left`.
 * @attr theme - `light` (default), `dark` or `auto`.
 * @attr lang - The locale; defaults to an ancestor's `lang`, the configured locale, the page's.
 *
 * @event parley-unread-change - `{total}`: the total unread count changed (once per page).
 * @event parley-connection-change - `{status}` (once per page, when the bubble is the page's first Parley element).
 * @event parley-message - `{conversationId, message}`: a message from someone else arrived (once per page).
 *
 * @csspart button - The round button.
 * @csspart badge - The unread count.
 *
 * @cssproperty --parley-color-primary - The button's colour.
 * @cssproperty --parley-color-on-primary - Its icon's colour.
 * @cssproperty --parley-color-danger - The badge's colour.
 * @cssproperty --parley-font-family - Font.
 * @cssproperty --parley-z-index - Stacking order.
 * @cssproperty --parley-bubble-size - Diameter (default 56px).
 */
export class ParleyUnreadBubble extends LitElement {
  static readonly tagName = 'parley-unread-bubble';
  static override styles = bubbleStyles;

  /** Registers the element unless it already is (the script may load twice). */
  static define(registry: CustomElementRegistry = customElements): void {
    if (!registry.get(this.tagName)) registry.define(this.tagName, this);
  }

  static override properties = { position: { reflect: true }, theme: { reflect: true }, client: { attribute: false } };

  position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** The client to use instead of the page's. */
  client: ParleyClient | null = null;

  readonly #controller = new ClientController(this, {
    onChange: (s, prev) => this.#changed(s, prev),
    onMessage: (p) => {
      if (isPageEventSource(this)) dispatchParleyEvent(this, 'parley-message', p);
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    joinPageEvents(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    leavePageEvents(this);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.#controller.use(this.client);
  }

  protected override render() {
    const s = this.#controller.state;
    const l = localize(localeFor(this, this.#controller.client?.options.locale));
    const total = s?.auth === 'signed-in' ? s.unread.total : 0;
    const shown = total > MAX_SHOWN ? `${l.count(MAX_SHOWN).n}+` : l.count(total).n;
    return html`<button
      class="bubble"
      part="button"
      aria-label=${l.t.bubbleLabel(total > 0 ? l.count(total) : null)}
      aria-expanded=${s?.view.open ? 'true' : 'false'}
      @click=${this.#toggle}
    >
      ${icons.chat}${total > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${shown}</span>` : nothing}
    </button>`;
  }

  #toggle(): void {
    const client = this.#controller.client;
    if (!client) return;
    ensureFloatingChat(this.ownerDocument);
    client.toggleChat();
  }

  #changed(s: ParleyState, prev: ParleyState): void {
    if (!isPageEventSource(this)) return;
    if (s.unread.total !== prev.unread.total) dispatchParleyEvent(this, 'parley-unread-change', { total: s.unread.total });
    if (s.status !== prev.status) dispatchParleyEvent(this, 'parley-connection-change', { status: s.status });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-unread-bubble': ParleyUnreadBubble;
  }
}
