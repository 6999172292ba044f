// <parley-contact-seller>: the listing page's button that opens (or starts) the conversation about the listing.
import { html } from 'lit';
import type { ParleyClient } from '../../client/parley-client.ts';
import { ensureFloatingChat } from '../../embed/floating-chat.ts';
import { CONVERSATION_PARAM, pageSettings, safePageUrl } from '../../embed/page-config.ts';
import { dispatchParleyEvent } from '../../events.ts';
import { icons } from '../shared/icons.ts';
import { ParleyElement } from '../shared/parley-element.ts';
import { contactStyles } from './parley-contact-seller.styles.ts';

/**
 * A button for a listing page. A click gets or creates the conversation between the signed-in
 * user (the buyer) and `seller` about `listing`, then opens the chat at it (or goes to the inbox
 * page when `data-inbox-url` / `inboxUrl` is configured). The seller looking at their own listing
 * gets their conversations about it instead. Nobody signed in: a cancelable
 * `parley-login-required` is fired; if nobody cancels it and a login URL is configured, the page
 * goes there.
 *
 * @tagname parley-contact-seller
 * @summary "Contact the seller" button for a listing page.
 *
 * @slot - Replaces the button's label.
 *
 * @attr seller - The seller's user id (required).
 * @attr listing - The listing's id (required).
 * @attr listing-title - Shown in the conversation list and on the listing card.
 * @attr listing-price - Shown on the listing card (text, e.g. `650 €`).
 * @attr listing-url - Link from the listing card back to the listing.
 * @attr listing-image - The listing's picture (thumbnail in the list, card in the thread).
 * @attr theme - `light` (default), `dark` or `auto`.
 * @attr lang - The locale; defaults to an ancestor's `lang`, the configured locale, the page's.
 *
 * @event parley-login-required - Cancelable: nobody is signed in. `preventDefault()` to handle it yourself.
 * @event parley-error - `{code, message}`: the conversation could not be opened (missing attributes, refusal, network).
 *
 * @csspart button - The button.
 *
 * @cssproperty --parley-color-primary - The button's colour.
 * @cssproperty --parley-color-on-primary - Its text colour.
 * @cssproperty --parley-font-family - Font.
 * @cssproperty --parley-radius - Corner radius.
 */
export class ParleyContactSeller extends ParleyElement {
  static override readonly tagName = 'parley-contact-seller';
  static override styles = contactStyles;

  static override properties = {
    seller: {},
    listing: {},
    listingTitle: { attribute: 'listing-title' },
    listingPrice: { attribute: 'listing-price' },
    listingUrl: { attribute: 'listing-url' },
    listingImage: { attribute: 'listing-image' },
    theme: { reflect: true },
    busy: { state: true },
  };

  seller = '';
  listing = '';
  listingTitle: string | null = null;
  listingPrice: string | null = null;
  listingUrl: string | null = null;
  listingImage: string | null = null;
  theme: 'light' | 'dark' | 'auto' = 'light';

  private busy = false;

  protected override render() {
    const { t } = this.localization();
    const label = this.#isOwnListing() ? t.listingMessages : t.contactSeller;
    return html`<button class="contact" part="button" type="button" aria-busy=${this.busy ? 'true' : 'false'} @click=${this.#onClick}>
      ${icons.chat}<slot>${label}</slot>
    </button>`;
  }

  #isOwnListing(): boolean {
    const me = this.controller.state?.me?.userId;
    return me !== undefined && me === this.seller;
  }

  async #onClick(): Promise<void> {
    if (this.busy) return;
    const client = this.controller.client;
    if (!this.seller || !this.listing) return this.reportError({ code: 'invalid' }, 'The "seller" and "listing" attributes are required.');
    if (!client || client.state.auth === 'signed-out' || client.state.auth === 'rejected') return this.#loginRequired();
    if (this.#isOwnListing()) return this.#open(client, null, this.listing);
    this.busy = true;
    try {
      const conversation = await client.contactSeller({
        sellerId: this.seller,
        listing: {
          id: this.listing,
          title: this.listingTitle,
          url: this.listingUrl,
          imageUrl: this.listingImage,
          price: this.listingPrice,
        },
      });
      const inbox = safePageUrl(pageSettings().inboxUrl, { [CONVERSATION_PARAM]: conversation.id });
      if (inbox) {
        pageSettings().navigate(inbox);
        return;
      }
      this.#open(client, conversation.id, null);
    } catch (err) {
      if ((err as { code?: string }).code === 'unauthorized') return this.#loginRequired();
      this.reportError(err, this.localization().t.errorOpenConversation);
    } finally {
      this.busy = false;
    }
  }

  #open(client: ParleyClient, conversationId: string | null, listingId: string | null): void {
    ensureFloatingChat(this.ownerDocument);
    client.openChat(conversationId, listingId);
  }

  #loginRequired(): void {
    const proceed = dispatchParleyEvent(this, 'parley-login-required', {});
    const login = safePageUrl(pageSettings().loginUrl);
    if (proceed && login) pageSettings().navigate(login);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-contact-seller': ParleyContactSeller;
  }
}
