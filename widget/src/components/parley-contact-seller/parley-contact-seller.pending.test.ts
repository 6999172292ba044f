// <parley-contact-seller>: the chat opens at once on a pending conversation, keeps what is typed, then switches or fails.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Conversation } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import { setPageClient } from '../../client/page-client.ts';
import { updatePageSettings } from '../../embed/page-config.ts';
import '../../index.ts';
import { chatDom, deep, waitFor } from '../../../test/dom.ts';
import {
  api,
  conversationBetween,
  disposeClients,
  serverMessages,
  startClient,
  tokenFor,
  uid,
  until,
} from '../../../test/helpers.ts';
import type { ParleyChat } from '../parley-chat/parley-chat.ts';
import type { ParleyContactSeller } from './parley-contact-seller.ts';

/** A client for `sub` whose token getter, once `hold()` was called, answers only when `release()` is. */
async function heldClient(sub: string, locale = 'en') {
  let gate: Promise<void> | null = null;
  let open = () => {};
  let answer: () => Promise<string | null> = () => tokenFor(sub);
  const client = await startClient(sub, {
    locale,
    getToken: async () => {
      await gate;
      return answer();
    },
  });
  return {
    client,
    hold(then: () => Promise<string | null> = () => tokenFor(sub)) {
      gate = new Promise((resolve) => (open = resolve));
      answer = then;
    },
    release: () => open(),
  };
}

async function contactButton(client: ParleyClient, seller: string, listing: string) {
  setPageClient(client);
  return fixture<ParleyContactSeller>(html`<parley-contact-seller
    seller=${seller}
    listing=${listing}
    listing-title="Red bicycle"
    listing-price="90 €"
  ></parley-contact-seller>`);
}

const threadText = (chat: ParleyChat) => chatDom.thread(chat)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const sendButton = (chat: ParleyChat) => deep<HTMLButtonElement>(chat, 'parley-thread', 'parley-composer', '.send')!;

function type(textarea: HTMLTextAreaElement, text: string): void {
  textarea.value = text;
  textarea.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

describe('<parley-contact-seller> before the server answered', () => {
  beforeEach(() => updatePageSettings({ loginUrl: null, inboxUrl: null, navigate: () => {} }));
  afterEach(async () => {
    document.querySelectorAll('parley-chat').forEach((c) => c.remove());
    setPageClient(null);
    await disposeClients();
  });

  it('should open the chat at once on the listing, keep what is typed, and switch to the conversation when it exists', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    await startClient(seller); // the seller has signed in once: a name
    const earlier = await conversationBetween(buyer, seller, 'Lamp');
    const { client, hold, release } = await heldClient(buyer);
    await until(client, (s) => s.status === 'online' && !!s.conversations[earlier.id]?.seller.name, 'the seller known');
    const sellerName = client.state.conversations[earlier.id]!.seller.name!;
    const listing = uid('ad');
    const el = await contactButton(client, seller, listing);

    hold();
    deep<HTMLButtonElement>(el, 'button')!.click();
    const chat = document.querySelector<ParleyChat>('parley-chat')!;
    expect(chat.open).to.equal(true, 'opened in the task of the click');
    await waitFor(() => threadText(chat).includes('Opening the conversation…'), 'pending state');
    expect(threadText(chat)).to.contain('Red bicycle').and.contain('90 €').and.contain(sellerName);
    await expect(chat).to.be.accessible();
    const textarea = chatDom.textarea(chat)!;
    expect(textarea.disabled).to.equal(false);
    type(textarea, 'Is it still available?');
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await (chatDom.thread(chat) as ParleyChat).updateComplete;
    expect(textarea.value).to.equal('Is it still available?', 'Enter does not send while pending');
    expect(sendButton(chat).disabled).to.equal(true);
    expect(client.state.outbox.length).to.equal(0);
    const none = await api<{ conversations: Conversation[] }>(buyer, 'GET', `/api/v1/conversations?listing=${listing}`);
    expect(none.body.conversations.length).to.equal(0, 'the server has not been asked yet');

    release();
    const id = await waitFor(() => chat.conversation, 'switched to the conversation');
    const created = await api<{ conversations: Conversation[] }>(buyer, 'GET', `/api/v1/conversations?listing=${listing}`);
    expect(created.body.conversations.map((c) => c.id)).to.deep.equal([id]);
    await waitFor(() => !threadText(chat).includes('Opening the conversation…'), 'pending state gone');
    expect(chatDom.textarea(chat)).to.equal(textarea, 'the same composer field');
    // The Enter pressed while pending sends the message now, once.
    await until(client, (s) => !!s.threads[id]?.some((m) => m.body === 'Is it still available?'), 'acknowledged');
    expect((await serverMessages(buyer, id)).map((m) => m.body)).to.deep.equal(['Is it still available?']);
    expect(textarea.value).to.equal('');
    type(textarea, 'And the lights?'); // typed, not sent: kept, and sendable now
    await waitFor(() => !sendButton(chat).disabled, 'sendable');
  });

  it('should show the error in the pending view (in French) and fire parley-error when the server refuses', async () => {
    const { client, hold, release } = await heldClient(uid('buyer'), 'fr');
    const el = await contactButton(client, uid('seller'), 'x'.repeat(200)); // an id over the limit: 400
    hold();
    const error = oneEvent(el, 'parley-error');
    deep<HTMLButtonElement>(el, 'button')!.click();
    const chat = document.querySelector<ParleyChat>('parley-chat')!;
    await waitFor(() => threadText(chat).includes('Ouverture de la conversation…'), 'pending state in French');
    type(chatDom.textarea(chat)!, 'Bonjour');
    release();
    expect((await error).detail.code).to.equal('invalid');
    await waitFor(() => threadText(chat).includes('La conversation n’a pas pu être ouverte.'), 'the error shown');
    expect(chat.open).to.equal(true);
    expect(chat.conversation).to.equal(null);
    expect(chatDom.textarea(chat)!.value).to.equal('Bonjour', 'what was typed is kept');
  });

  it('should close the pending view and go through the login flow when nobody is signed in after all', async () => {
    const { client, hold, release } = await heldClient(uid('buyer'));
    const el = await contactButton(client, uid('seller'), uid('ad'));
    hold(async () => null);
    const login = oneEvent(el, 'parley-login-required');
    deep<HTMLButtonElement>(el, 'button')!.click();
    const chat = document.querySelector<ParleyChat>('parley-chat')!;
    await waitFor(() => threadText(chat).includes('Opening the conversation…'), 'pending state');
    release();
    await login;
    await waitFor(() => !chat.open, 'closed');
    expect(client.state.view.pending ?? null).to.equal(null);
  });
});
