// <parley-unread-bubble>: the floating launcher with the live unread count; a click toggles the chat panel.
import { html, nothing } from 'lit';
import { ensureFloatingChat } from '../../embed/floating-chat.ts';
import { icons } from '../shared/icons.ts';
import { ParleyElement } from '../shared/parley-element.ts';
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
export class ParleyUnreadBubble extends ParleyElement {
  static override readonly tagName = 'parley-unread-bubble';
  static override readonly pageEvents = true;
  static override styles = bubbleStyles;
  static override properties = { position: { reflect: true }, theme: { reflect: true } };

  position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  theme: 'light' | 'dark' | 'auto' = 'light';

  protected override render() {
    const s = this.controller.state;
    const l = this.localization();
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
    const client = this.controller.client;
    if (!client) return;
    ensureFloatingChat(this.ownerDocument);
    client.toggleChat();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-unread-bubble': ParleyUnreadBubble;
  }
}
