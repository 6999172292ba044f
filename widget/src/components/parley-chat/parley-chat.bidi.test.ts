// <parley-chat> with text written to mislead: bidi overrides are gone and every user text is shown isolated.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Conversation } from '../../../../protocol/index.ts';
import '../../index.ts';
import { chatDom, deep } from '../../../test/dom.ts';
import { api, conversationBetween, disposeClients, sendAs, startClient, tokenFor, uid } from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';

const RLO = '\u202E';
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** True when `el` is laid out as its own bidi paragraph: nothing around it reorders with it. */
const isolated = (el: Element | null | undefined) => Boolean(el) && getComputedStyle(el!).unicodeBidi === 'isolate';

describe('<parley-chat> bidi', () => {
  afterEach(() => disposeClients());

  it('should show the …/exe.pdf trick as the real …/fdp.exe, and names, titles and bodies isolated', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, `Bike ${RLO}fdp.exe`);
    await sendAs(seller, conversation.id, `Invoice: https://files.test/invoice/${RLO}fdp.exe`);
    // The seller signs in with a name that carries an override.
    const sellerClient = await startClient(seller, { getToken: () => tokenFor(seller, { name: `Bob ${RLO}fdp.exe` }) });
    await waitUntil(async () => {
      const r = await api<{ conversation: Conversation }>(buyer, 'GET', `/api/v1/conversations/${conversation.id}`);
      return r.body.conversation.seller.name === 'Bob fdp.exe';
    }, 'the seller’s name stored');
    await sellerClient.dispose();

    const client = await startClient(buyer);
    const chat = await fixture<ParleyChat>(html`<parley-chat inline lang="en" .client=${client}></parley-chat>`);
    const row = await waitUntil(() => chatDom.rows(chat).length === 1, 'one row').then(() => chatDom.rows(chat)[0]!);
    const title = row.querySelector('.title')!;
    const who = row.querySelector('.who bdi')!;
    const preview = row.querySelector('.preview bdi')!;
    expect(title.textContent).to.equal('Bike fdp.exe');
    expect(who.textContent).to.equal('Bob fdp.exe');
    expect(preview.textContent).to.equal('Invoice: https://files.test/invoice/fdp.exe');
    for (const el of [title, who, preview]) expect(isolated(el), el.className || el.localName).to.equal(true);

    row.querySelector<HTMLButtonElement>('button.open')!.click();
    await waitUntil(() => chatDom.messages(chat).length === 1, 'the message');
    const body = chatDom.messages(chat)[0]!.querySelector('.body')!;
    expect(body.textContent).to.equal('Invoice: https://files.test/invoice/fdp.exe');
    expect(body.querySelector('a')?.getAttribute('href')).to.equal('https://files.test/invoice/fdp.exe');
    const party = deep(chat, 'parley-thread', '.party-name bdi');
    const listingTitle = deep(chat, 'parley-thread', '.listing-title');
    for (const el of [body, party, listingTitle]) expect(isolated(el), el?.className).to.equal(true);
    for (const el of [body, party!, listingTitle!]) expect(BIDI_CONTROLS.test(el.textContent!)).to.equal(false);
  });
});
