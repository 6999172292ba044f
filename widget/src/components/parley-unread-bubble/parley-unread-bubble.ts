// <parley-unread-bubble>: the floating launcher with the live unread count; a click toggles the chat panel.
import { html, nothing } from 'lit';
import { unreadTotal } from '../../client/selectors.ts';
import { readUnreadMemory } from '../../embed/unread-memory.ts';
import { ensureFloatingChat } from '../../embed/floating-chat.ts';
import { icons } from '../base/icons.ts';
import { ParleyElement } from '../base/parley-element.ts';
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
    const state = this.controller.state;
    const localization = this.localization();
    const total = this.#total();
    const shown = total > MAX_SHOWN ? `${localization.count(MAX_SHOWN).n}+` : localization.count(total).n;
    return html`<button
      class="bubble"
      part="button"
      aria-label=${localization.t.bubbleLabel(total > 0 ? localization.count(total) : null)}
      aria-expanded=${state?.view.open ? 'true' : 'false'}
      @click=${this.#toggle}
    >
      ${icons.chat}${total > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${shown}</span>` : nothing}
    </button>`;
  }

  /**
   * The live count once the user's conversations are known; before that (the runtime just arrived),
   * the count last known on this device, which the loader painted; zero for nobody signed in.
   */
  #total(): number {
    const state = this.controller.state;
    if (!state || state.auth === 'signed-out' || state.auth === 'rejected') return 0;
    if (state.auth === 'signed-in' && state.ready) return unreadTotal(state);
    return readUnreadMemory(this.controller.client!.options.server)?.total ?? 0;
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
