// <parley-contact-seller>: contact flow, seller's own listing, login required, inbox page, slot, hostile page CSS.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Conversation } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import { setPageClient } from '../../client/page-client.ts';
import { updatePageSettings } from '../../embed/page-config.ts';
import '../../index.ts';
import { deep, deepAll, waitFor } from '../../../test/dom.ts';
import { api, conversationBetween, disposeClients, sendAs, serverUrl, startClient, uid, until } from '../../../test/helpers.ts';
import type { ParleyChat } from '../parley-chat/parley-chat.ts';
import type { ParleyContactSeller } from './parley-contact-seller.ts';

const button = (el: ParleyContactSeller) => deep<HTMLButtonElement>(el, 'button')!;

describe('<parley-contact-seller>', () => {
  const navigations: string[] = [];
  beforeEach(() => {
    navigations.length = 0;
    updatePageSettings({ loginUrl: null, inboxUrl: null, navigate: (url) => navigations.push(url) });
  });
  afterEach(async () => {
    document.querySelectorAll('parley-chat').forEach((c) => c.remove());
    document.getElementById('hostile')?.remove();
    setPageClient(null);
    await disposeClients();
  });

  async function button_(client: ParleyClient, seller: string, listing: string, lang = 'en') {
    setPageClient(client);
    return fixture<ParleyContactSeller>(html`<parley-contact-seller
      lang=${lang}
      seller=${seller}
      listing=${listing}
      listing-title="Red bicycle"
      listing-price="90 €"
      listing-url="http://market.test/ads/red"
    ></parley-contact-seller>`);
  }

  it('should create the conversation about the listing and open the chat at it', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const listing = uid('ad');
    const client = await startClient(buyer);
    const el = await button_(client, seller, listing);
    expect(button(el).textContent!.trim()).to.equal('Contact the seller');
    await expect(el).to.be.accessible();
    const opened = oneEvent(document, 'parley-open');
    button(el).click();
    const { detail } = await opened;
    const chat = document.querySelector<ParleyChat>('parley-chat')!;
    expect(chat.open).to.equal(true);
    // The panel opened at once, on the pending conversation; it shows the real one when the server answered.
    expect(detail.conversationId).to.equal(null);
    const shown = await waitFor(() => chat.conversation, 'the conversation shown');
    const list = await api<{ conversations: Conversation[] }>(buyer, 'GET', `/api/v1/conversations?listing=${listing}`);
    expect(list.body.conversations.length).to.equal(1);
    const conversation = list.body.conversations[0]!;
    expect(conversation.listing).to.deep.equal({
      id: listing,
      title: 'Red bicycle',
      url: 'http://market.test/ads/red',
      imageUrl: null,
      price: '90 €',
      status: null,
    });
    expect(conversation.seller.id).to.equal(seller);
    expect(shown).to.equal(conversation.id);
    const card = await waitFor(
      () => deep(chat, 'parley-thread')?.shadowRoot?.textContent?.includes('Red bicycle'),
      'listing card',
    );
    expect(card).to.equal(true);
    // A second click opens the same conversation.
    button(el).click();
    await waitFor(() => chat.open, 'still open');
    const again = await api<{ conversations: Conversation[] }>(buyer, 'GET', `/api/v1/conversations?listing=${listing}`);
    expect(again.body.conversations.length).to.equal(1);
  });

  it('should show the seller their conversations about their own listing instead', async () => {
    const seller = uid('seller');
    const first = await conversationBetween(uid('buyer'), seller, 'Lamp');
    const second = await conversationBetween(uid('buyer'), seller, 'Other listing');
    await sendAs(first.buyer.id, first.id, 'about the lamp');
    await sendAs(second.buyer.id, second.id, 'about something else');
    const client = await startClient(seller);
    await until(client, (s) => Object.keys(s.conversations).length === 2, 'two conversations');
    const el = await button_(client, seller, first.listing.id, 'fr');
    await waitFor(() => button(el).textContent!.trim() === 'Messages sur cette annonce', 'seller label');
    button(el).click();
    const chat = await waitFor(() => document.querySelector<ParleyChat>('parley-chat'), 'chat');
    await waitFor(() => chat.open, 'open');
    const rows = await waitFor(() => {
      const r = deepAll(chat, 'parley-conversation-list', 'li.item');
      return r.length === 1 && r;
    }, 'one row');
    expect(rows[0]!.textContent).to.contain('Lamp');
    const all = deepAll<HTMLButtonElement>(chat, 'parley-conversation-list', '.filter button')[0]!;
    all.click();
    await waitFor(() => deepAll(chat, 'parley-conversation-list', 'li.item').length === 2, 'both rows');
    const created = await api<{ conversations: Conversation[] }>(
      seller,
      'GET',
      `/api/v1/conversations?listing=${first.listing.id}`,
    );
    expect(created.body.conversations.length).to.equal(1, 'no conversation with oneself was attempted');
  });

  it('should fire a cancelable parley-login-required when nobody is signed in, and go to the login URL unless cancelled', async () => {
    const server = await serverUrl();
    const { ParleyClient } = await import('../../client/parley-client.ts');
    const client = new ParleyClient({ server, getToken: async () => null });
    await client.start();
    await until(client, (s) => s.auth === 'signed-out', 'signed out');
    updatePageSettings({ loginUrl: '/login?next=ad' });
    const el = await button_(client, uid('seller'), uid('ad'));
    const cancelled = oneEvent(el, 'parley-login-required');
    el.addEventListener('parley-login-required', (e) => e.preventDefault(), { once: true });
    button(el).click();
    const event = await cancelled;
    expect(event.cancelable).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(navigations).to.deep.equal([]);
    const notCancelled = oneEvent(el, 'parley-login-required');
    button(el).click();
    await notCancelled;
    expect(navigations).to.deep.equal([new URL('/login?next=ad', location.href).href]);
    expect(document.querySelector('parley-chat')).to.equal(null);
    await client.dispose();
  });

  it('should go to the inbox page with the conversation in the query string when an inbox URL is set', async () => {
    const buyer = uid('buyer');
    const listing = uid('ad');
    const client = await startClient(buyer);
    updatePageSettings({ inboxUrl: '/messages' });
    const el = await button_(client, uid('seller'), listing);
    button(el).click();
    await waitFor(() => navigations.length === 1, 'navigated');
    const target = new URL(navigations[0]!);
    const list = await api<{ conversations: Conversation[] }>(buyer, 'GET', `/api/v1/conversations?listing=${listing}`);
    expect(target.pathname).to.equal('/messages');
    expect(target.searchParams.get('parley-conversation')).to.equal(list.body.conversations[0]!.id);
  });

  it('should take its label from the slot and report missing attributes as parley-error', async () => {
    const client = await startClient(uid('buyer'));
    setPageClient(client);
    const el = await fixture<ParleyContactSeller>(
      html`<parley-contact-seller seller="" listing="">Écrire au vendeur</parley-contact-seller>`,
    );
    const slot = deep<HTMLSlotElement>(el, 'slot')!;
    expect(
      slot
        .assignedNodes()
        .map((n) => n.textContent)
        .join(''),
    ).to.equal('Écrire au vendeur');
    const error = oneEvent(el, 'parley-error');
    button(el).click();
    expect((await error).detail.code).to.equal('invalid');
  });

  it("should not inherit the host page's fonts, spacing or text transforms", async () => {
    const style = document.createElement('style');
    style.id = 'hostile';
    style.textContent = `
      body { font: italic 700 40px/3 "Comic Sans MS", cursive; letter-spacing: 6px; text-transform: uppercase; color: red; word-spacing: 20px; }
      * { box-sizing: content-box; }
      button { background: red; padding: 40px; text-transform: lowercase; }
    `;
    document.head.append(style);
    const client = await startClient(uid('buyer'));
    const el = await button_(client, uid('seller'), uid('ad'));
    const inner = getComputedStyle(button(el));
    expect(inner.fontStyle).to.equal('normal');
    expect(inner.letterSpacing).to.equal('normal');
    expect(inner.textTransform).to.equal('none');
    expect(inner.wordSpacing).to.equal('0px');
    expect(inner.fontSize).to.equal('15px');
    expect(inner.paddingTop).to.equal('10px');
    expect(inner.backgroundColor).to.not.equal('rgb(255, 0, 0)');
    expect(inner.color).to.not.equal('rgb(255, 0, 0)');
  });

  it("should keep its text size under a page's !important rule for every element", async () => {
    const style = document.createElement('style');
    style.id = 'hostile';
    style.textContent = '* { font-size: 40px !important; line-height: 5 !important }';
    document.head.append(style);
    const client = await startClient(uid('buyer'));
    const el = await button_(client, uid('seller'), uid('ad'));
    expect(getComputedStyle(el).fontSize).to.equal('40px', 'the rule does reach the host');
    const inner = getComputedStyle(button(el));
    expect(inner.fontSize).to.equal('15px');
    expect(inner.lineHeight).to.equal('21px');
    expect(button(el).getBoundingClientRect().height).to.be.below(50);
  });
});
