// <parley-contact-seller>: the listing page's button that opens (or starts) the conversation about the listing.
import { html } from 'lit';
import type { ParleyClient } from '../../client/parley-client.ts';
import { knownName } from '../../client/selectors.ts';
import type { PendingConversation } from '../../client/types.ts';
import { ensureFloatingChat } from '../../embed/floating-chat.ts';
import { CONVERSATION_PARAM, pageSettings, safePageUrl } from '../../embed/page-config.ts';
import { emit } from '../../events/emit.ts';
import { icons } from '../base/icons.ts';
import { ParleyElement } from '../base/parley-element.ts';
import { contactStyles } from './parley-contact-seller.styles.ts';

/**
 * A button for a listing page. A click opens the chat at once on the listing ("opening the
 * conversation…", the composer already taking text), gets or creates the conversation between the
 * signed-in user (the buyer) and `seller` about `listing`, then shows it there (or goes to the inbox
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
 * @attr listing-url - Link from the listing card back to the listing: a path on the site (`/ads/9`) or an http(s) URL on one of the site's allowed origins.
 * @attr listing-image - The listing's picture (thumbnail in the list, card in the thread), under the same rule as `listing-url`.
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
    if (!this.seller || !this.listing)
      return this.reportError({ code: 'invalid' }, 'The "seller" and "listing" attributes are required.');
    if (!client || client.state.auth === 'signed-out' || client.state.auth === 'rejected') return this.#loginRequired();
    if (this.#isOwnListing()) return this.#open(client, null, this.listing);
    const request = {
      sellerId: this.seller,
      listing: {
        id: this.listing,
        title: this.listingTitle,
        url: this.listingUrl,
        imageUrl: this.listingImage,
        price: this.listingPrice,
      },
    };
    // The chat opens now, at the conversation being got or created (the token and the POST take a
    // while); not when an inbox page will show it instead.
    const pending: PendingConversation | null = pageSettings().inboxUrl
      ? null
      : { ...request, name: knownName(client.state, this.seller) };
    if (pending) {
      ensureFloatingChat(this.ownerDocument);
      client.updateView({ open: true, conversationId: null, listingId: null, pending });
    }
    // Only the view this click opened is switched: the user may have gone elsewhere meanwhile.
    const stillPending = () => pending !== null && client.state.view.pending === pending && !client.state.view.conversationId;
    this.busy = true;
    try {
      const conversation = await client.contactSeller(request);
      const inbox = safePageUrl(pageSettings().inboxUrl, { [CONVERSATION_PARAM]: conversation.id });
      if (inbox) {
        pageSettings().navigate(inbox);
        return;
      }
      if (!pending) this.#open(client, conversation.id, null);
      else if (stillPending()) client.updateView({ conversationId: conversation.id, pending: null });
    } catch (err) {
      const unauthorized = (err as { code?: string }).code === 'unauthorized';
      if (stillPending())
        client.updateView(unauthorized ? { open: false, pending: null } : { pending: { ...pending!, failed: true } });
      if (unauthorized) return this.#loginRequired();
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
    const proceed = emit(this, 'parley-login-required', {});
    const login = safePageUrl(pageSettings().loginUrl);
    if (proceed && login) pageSettings().navigate(login);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-contact-seller': ParleyContactSeller;
  }
}
