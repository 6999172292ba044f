// <parley-conversation-list> search and filters: results with <mark>, announced, keyboard, offline, unread/archived/listing filters, windowing.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Conversation } from '../../../../protocol/index.ts';
import { Cache } from '../../client/cache.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import type { InternalEvent } from '../../events/internal-events.ts';
import { localize } from '../../i18n/index.ts';
import { deep, deepActive, deepAll, waitFor } from '../../../test/dom.ts';
import {
  api,
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  sendAs,
  serverUrl,
  startClient,
  uid,
  until,
} from '../../../test/helpers.ts';
import { ParleyConversationList } from './parley-conversation-list.ts';

ParleyConversationList.define();

const rows = (list: ParleyConversationList) => deepAll(list, 'li.item');
const titles = (list: ParleyConversationList) => rows(list).map((r) => r.querySelector('.title')?.textContent?.trim());
const live = (list: ParleyConversationList) => deep(list, '[aria-live]')!.textContent?.trim();

function listFor(client: ParleyClient, lang = 'en') {
  return fixture<ParleyConversationList>(
    html`<parley-conversation-list .client=${client} .l10n=${localize(lang)}></parley-conversation-list>`,
  );
}

async function type(list: ParleyConversationList, text: string) {
  const field = deep<HTMLInputElement>(list, 'input.search')!;
  field.focus();
  await sendKeys({ type: text });
}

/** A seller with three conversations: two about a bike (one unread), one about a lamp. */
async function inbox() {
  const seller = uid('seller');
  const [b1, b2, b3] = [uid('buyer'), uid('buyer'), uid('buyer')];
  const bike = await conversationBetween(b1, seller, 'Vélo de ville');
  const bike2 = await api<{ conversation: { id: string } }>(b2, 'POST', '/api/v1/conversations', {
    sellerId: seller,
    listing: { id: bike.listing.id, title: 'Vélo de ville' },
  });
  const lamp = await conversationBetween(b3, seller, 'Lamp');
  await sendAs(b1, bike.id, 'Bonjour, le vélo électrique est-il disponible ? <b>vite</b>');
  await sendAs(b2, bike2.body.conversation.id, 'Is the bike still there?');
  await sendAs(b3, lamp.id, 'Nice lamp');
  const client = await startClient(seller);
  await until(client, (s) => s.status === 'online' && Object.keys(s.conversations).length === 3, 'synced');
  // The seller has read all but the first conversation.
  for (const id of [bike2.body.conversation.id, lamp.id]) await client.markRead(id);
  await until(client, (s) => Object.values(s.conversations).filter((c) => c.unread > 0).length === 1, 'one unread');
  return { seller, b1, b2, b3, bike, bike2: bike2.body.conversation, lamp, client };
}

describe('<parley-conversation-list> search and filters', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should search as the user types, mark the matching words as text and announce the results', async () => {
    const { bike, client } = await inbox();
    const list = await listFor(client);
    await type(list, 'velo elec');
    const result = await waitFor(
      () => deepAll(list, 'li.result').find((r) => r.querySelector('.preview mark')),
      'a message result',
    );
    expect([...result.querySelectorAll('mark')].map((m) => m.textContent)).to.deep.equal(['vélo', 'électrique']);
    // The message's own markup is text, never HTML.
    expect(result.querySelector('.preview')!.textContent).to.contain('<b>vite</b>');
    expect(result.querySelector('b')).to.equal(null);
    expect(live(list)).to.equal('1 result');
    const picked: Array<InternalEvent<'select-conversation'>['detail']> = [];
    list.addEventListener('select-conversation', (e) => picked.push((e as InternalEvent<'select-conversation'>).detail));
    result.querySelector<HTMLButtonElement>('button')!.click();
    expect(picked).to.have.length(1);
    expect(picked[0]!.conversationId).to.equal(bike.id);
    expect(picked[0]!.seq).to.equal(1);
    expect(picked[0]!.messageId).to.be.a('string');
    await expect(list).to.be.accessible();
  });

  it('should move between the field and the results with the keyboard, and clear with Escape', async () => {
    const { client } = await inbox();
    const list = await listFor(client, 'fr');
    await type(list, 'vélo');
    await waitFor(() => deepAll(list, 'li.result').length >= 2, 'results');
    expect(live(list)).to.match(/^\d+ résultats$/);
    // Compared as indexes: chai describing a mismatched element would take forever.
    const focused = () =>
      [deep(list, 'input.search'), ...deepAll(list, 'button[data-result]')].indexOf(deepActive() as HTMLElement);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal(1);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal(2);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focused()).to.equal(0);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => rows(list).length === 3 && !deep(list, 'li.result'), 'the conversations again');
    expect(deep<HTMLInputElement>(list, 'input.search')!.value).to.equal('');
  });

  it('should search this device’s cache when offline, and say so', async () => {
    const { client } = await inbox();
    const list = await listFor(client);
    goOffline();
    await until(client, (s) => s.status === 'offline', 'offline');
    await type(list, 'lamp');
    await waitFor(() => deepAll(list, 'li.result').length === 2, 'the listing title and the message, from the cache');
    expect(live(list)).to.equal('2 results in the messages on this device (offline)');
    expect(deepAll(list, 'li.result mark').map((m) => m.textContent)).to.deep.equal(['Lamp', 'lamp']);
  });

  it('should filter to unread conversations and follow live changes', async () => {
    const { b3, lamp, client } = await inbox();
    const list = await listFor(client);
    await waitFor(() => rows(list).length === 3, 'all rows');
    const filter = deepAll<HTMLSelectElement>(list, 'select')[0]!;
    filter.value = 'unread';
    filter.dispatchEvent(new Event('change'));
    await waitFor(() => rows(list).length === 1, 'one unread');
    expect(titles(list)).to.deep.equal(['Vélo de ville']);
    await sendAs(b3, lamp.id, 'Still for sale?');
    await waitFor(() => rows(list).length === 2, 'the lamp came in unread');
    await client.markRead(lamp.id);
    await waitFor(() => rows(list).length === 1, 'read: gone from the unread filter');
  });

  it('should show archived conversations, fetched from the server, and filter by listing with counts', async () => {
    const { lamp, bike, client } = await inbox();
    await client.archive(lamp.id);
    const list = await listFor(client);
    await waitFor(() => rows(list).length === 2, 'the archived lamp left out');
    const listing = deepAll<HTMLSelectElement>(list, 'select')[1]!;
    expect([...listing.options].map((o) => o.textContent?.trim())).to.deep.equal([
      'All listings',
      'Vélo de ville (2 conversations)',
    ]);
    listing.value = bike.listing.id;
    listing.dispatchEvent(new Event('change'));
    await waitFor(() => client.state.view.listingId === bike.listing.id && rows(list).length === 2, 'two about the bike');
    client.updateView({ listingId: null });
    const filter = deepAll<HTMLSelectElement>(list, 'select')[0]!;
    filter.value = 'archived';
    filter.dispatchEvent(new Event('change'));
    await waitFor(() => rows(list).length === 1, 'the archived lamp');
    expect(titles(list)).to.deep.equal(['Lamp']);
  });
});

describe('<parley-conversation-list> with many conversations', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should render only the rows in view, and the others when scrolled to', async () => {
    const seller = uid('seller');
    const first = await startClient(seller);
    await until(first, (s) => s.me !== null, 'signed in');
    const me = first.state.me!;
    await disposeClients();
    // 500 conversations in this user's cache, as a busy seller's previous visit left them.
    const at = Date.parse('2026-01-01T00:00:00Z');
    const conversations: Conversation[] = Array.from({ length: 500 }, (_, i) => {
      const when = new Date(at + i * 60_000).toISOString();
      return {
        id: `many-${i}`,
        listing: { id: 'ad', title: `Listing ${i}`, url: null, imageUrl: null, price: null, status: null },
        buyer: { id: `b${i}`, name: `Buyer ${i}`, picture: null, suspended: false },
        seller: { id: me.userId, name: 'Me', picture: null, suspended: false },
        lastSeq: 1,
        lastMessage: null,
        unread: 0,
        readSeq: {},
        archived: false,
        muted: false,
        createdAt: when,
        updatedAt: when,
      };
    });
    const cache = new Cache({
      name: `parley:${new URL(await serverUrl()).origin}:${me.siteId}:${me.userId}`,
      currentOutbox: () => [],
      onDegraded: () => {},
    });
    cache.saveConversations(conversations);
    await cache.flush();
    goOffline();
    const client = await startClient(seller);
    await until(client, (s) => Object.keys(s.conversations).length === 500, 'the cached conversations');
    const box = await fixture<HTMLDivElement>(
      html`<div style="height: 400px"><parley-conversation-list .client=${client} .l10n=${localize('en')}></parley-conversation-list></div>`,
    );
    const list = box.querySelector('parley-conversation-list') as ParleyConversationList;
    await waitFor(() => rows(list).length > 0, 'rows');
    const shown = rows(list);
    expect(shown.length).to.be.below(40);
    expect(shown[0]!.querySelector('.title')!.textContent).to.equal('Listing 499');
    expect(shown[0]!.getAttribute('aria-setsize')).to.equal('500');
    list.scrollTop = list.scrollHeight;
    await waitFor(() => titles(list).includes('Listing 0'), 'the oldest row, at the end');
    expect(rows(list).length).to.be.below(40);
    expect(rows(list).at(-1)!.getAttribute('aria-posinset')).to.equal('500');
  });
});
