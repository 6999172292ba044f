// System messages and the listing's status, live from the server API, in each reader's language.
import { expect, fixture, html } from '@open-wc/testing';
import type { ParleyClient } from '../../client/parley-client.ts';
import { localize } from '../../i18n/index.ts';
import { deep, deepAll, waitFor } from '../../../test/dom.ts';
import { adminApi, disposeClients, startPair } from '../../../test/helpers.ts';
import { ParleyThread } from './parley-thread.ts';

ParleyThread.define();

function threadFor(client: ParleyClient, conversationId: string, locale: string) {
  return fixture<ParleyThread>(
    html`<parley-thread .client=${client} .l10n=${localize(locale)} .conversationId=${conversationId} active></parley-thread>`,
  );
}

const systemTexts = (thread: ParleyThread) => deepAll(thread, 'li.system p').map((p) => p.textContent!.trim());

describe('system messages', () => {
  afterEach(async () => {
    await disposeClients();
  });

  it("should show a listing sold by the site's server on both parties' cards and threads, each in their language", async () => {
    const { seller, conversation, b, s } = await startPair('Blue bicycle');
    const english = await threadFor(b, conversation.id, 'en');
    const french = await threadFor(s, conversation.id, 'fr');
    await waitFor(() => deep(english, 'parley-composer') && deep(french, 'parley-composer'), 'threads');
    expect(deep(english, '.listing-status')).to.equal(null);

    const res = await adminApi('PUT', `/listings/${conversation.listing.id}`, {
      sellerId: seller,
      title: 'Blue bicycle',
      status: 'sold',
    });
    expect(res.status).to.equal(200);
    await waitFor(() => systemTexts(english).includes('This listing has been sold.'), 'English system message');
    await waitFor(() => systemTexts(french).includes('Cette annonce a été vendue.'), 'French system message');
    await waitFor(() => deep(english, '.listing-status')?.textContent === 'Sold', 'English card');
    await waitFor(() => deep(french, '.listing-status')?.textContent === 'Vendu', 'French card');
    expect(deepAll(english, 'li.msg')).to.have.length(0); // drawn apart: no bubble, no actions
    await expect(english).to.be.accessible();
  });

  it("should show the site's note as text, never as markup", async () => {
    const { conversation, b } = await startPair();
    const thread = await threadFor(b, conversation.id, 'en');
    const res = await adminApi('POST', `/conversations/${conversation.id}/messages`, {
      text: 'Payment received <img src=x onerror=alert(1)>',
    });
    expect(res.status).to.equal(201);
    await waitFor(() => systemTexts(thread).length === 1, 'note');
    expect(systemTexts(thread)[0]).to.equal('From the marketplace: Payment received <img src=x onerror=alert(1)>');
    expect(deep(thread, 'li.system img')).to.equal(null);
  });
});
