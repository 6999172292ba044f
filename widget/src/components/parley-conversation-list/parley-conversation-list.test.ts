// <parley-conversation-list>: the rows (order, preview, unread), the listing filter, picking and archiving a conversation.
import { expect, fixture, html } from '@open-wc/testing';
import type { Message } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import { unreadIn } from '../../client/selectors.ts';
import type { InternalEvent } from '../../events/internal-events.ts';
import { localize } from '../../i18n/index.ts';
import { deep, deepAll, waitFor } from '../../../test/dom.ts';
import { api, conversationBetween, disposeClients, sendAs, startClient, uid, until } from '../../../test/helpers.ts';
import { ParleyConversationList } from './parley-conversation-list.ts';

ParleyConversationList.define();

const rows = (list: ParleyConversationList) => deepAll(list, 'li.item');
const text = (row: Element, selector: string) => row.querySelector(selector)?.textContent?.trim();

function listFor(client: ParleyClient | null, lang = 'en') {
  return fixture<ParleyConversationList>(
    html`<parley-conversation-list .client=${client} .l10n=${localize(lang)}></parley-conversation-list>`,
  );
}

/** A seller with four conversations: unread, answered, deleted, archived (oldest activity first). */
async function sellerInbox() {
  const seller = uid('seller');
  const buyers = [uid('buyer'), uid('buyer'), uid('buyer'), uid('buyer')];
  const [unread, answered, deleted, archived] = await Promise.all([
    conversationBetween(buyers[0]!, seller, 'Unread lamp'),
    conversationBetween(buyers[1]!, seller, 'Answered chair'),
    conversationBetween(buyers[2]!, seller, 'Deleted desk'),
    conversationBetween(buyers[3]!, seller, 'Archived sofa'),
  ]);
  await sendAs(buyers[0]!, unread!.id, 'Is the lamp still there?');
  await sendAs(seller, answered!.id, 'Yes, come on Saturday');
  const sent = await api<{ message: Message }>(buyers[2]!, 'POST', `/api/v1/conversations/${deleted!.id}/messages`, {
    clientId: uid('c'),
    body: 'oops, wrong person',
  });
  await api(buyers[2]!, 'DELETE', `/api/v1/messages/${sent.body.message.id}`);
  await sendAs(buyers[3]!, archived!.id, 'still interested');
  await api(seller, 'DELETE', `/api/v1/conversations/${archived!.id}`);
  const client = await startClient(seller);
  await until(
    client,
    (s) => s.status === 'online' && Object.keys(s.conversations).length === 3 && unreadIn(s, unread!.id) === 1,
    'synced with the unread count',
  );
  return { seller, buyers, unread: unread!, answered: answered!, deleted: deleted!, archived: archived!, client };
}

describe('<parley-conversation-list>', () => {
  afterEach(async () => {
    await disposeClients();
  });

  it('should say it is loading until a client has read its cache', async () => {
    const list = await listFor(null);
    expect(deep(list, '.placeholder')!.textContent).to.equal('Loading…');
  });

  it('should show the empty state in the user’s language', async () => {
    const list = await listFor(await startClient(uid('newcomer')), 'fr');
    const empty = await waitFor(() => deep(list, '.empty'), 'empty state');
    expect(empty.textContent).to.contain('Aucune conversation');
    await expect(list).to.be.accessible();
  });

  it('should list conversations newest first with their preview and unread count, archived ones left out', async () => {
    const { buyers, client } = await sellerInbox();
    const list = await listFor(client);
    const shown = await waitFor(() => rows(list).length === 3 && rows(list), 'three rows');
    expect(shown.map((r) => text(r, '.title'))).to.deep.equal(['Deleted desk', 'Answered chair', 'Unread lamp']);
    expect(shown.map((r) => text(r, '.preview'))).to.deep.equal([
      'Message deleted',
      'You: Yes, come on Saturday',
      'Is the lamp still there?',
    ]);
    expect(text(shown[2]!, '.who')).to.contain(`Name of ${buyers[0]}`);
    expect(shown.map((r) => r.classList.contains('has-unread'))).to.deep.equal([false, false, true]);
    expect(text(shown[2]!, '.badge .sr-only')).to.equal('1 unread message');
    expect(shown[0]!.querySelector('.badge')).to.equal(null);
    await expect(list).to.be.accessible();
  });

  it('should show only the conversations about a listing, then all of them again', async () => {
    const { answered, client } = await sellerInbox();
    const list = await listFor(client);
    await waitFor(() => rows(list).length === 3, 'three rows');
    client.openChat(null, answered.listing.id);
    await waitFor(() => rows(list).length === 1, 'one row');
    expect(text(rows(list)[0]!, '.title')).to.equal('Answered chair');
    expect(deep(list, 'ul')!.getAttribute('aria-label')).to.equal('Messages about this listing');
    deep<HTMLButtonElement>(list, '.filter button')!.click();
    await waitFor(() => rows(list).length === 3, 'all rows again');
    expect(client.state.view.listingId).to.equal(null);
  });

  it('should tell the chat which conversation was picked, without the event leaving it', async () => {
    const { unread, client } = await sellerInbox();
    const list = await listFor(client);
    const row = await waitFor(() => rows(list).find((r) => text(r, '.title') === 'Unread lamp'), 'row');
    const picked: string[] = [];
    const outside: unknown[] = [];
    list.addEventListener('select-conversation', (e) =>
      picked.push((e as InternalEvent<'select-conversation'>).detail.conversationId),
    );
    const listenOutside = (e: Event) => outside.push(e);
    document.addEventListener('select-conversation', listenOutside);
    try {
      row.querySelector<HTMLButtonElement>('button.open')!.click();
      expect(picked).to.deep.equal([unread.id]);
      expect(outside).to.deep.equal([]);
    } finally {
      document.removeEventListener('select-conversation', listenOutside);
    }
  });

  it('should archive a conversation from its button, for this user only', async () => {
    const { seller, buyers, answered, client } = await sellerInbox();
    const list = await listFor(client);
    const row = await waitFor(() => rows(list).find((r) => text(r, '.title') === 'Answered chair'), 'row');
    expect(row.querySelector('.archive')!.getAttribute('aria-label')).to.equal('Archive the conversation about Answered chair');
    row.querySelector<HTMLButtonElement>('.archive')!.click();
    await waitFor(() => rows(list).length === 2, 'gone from the list');
    const mine = await api<{ conversations: { id: string }[] }>(seller, 'GET', '/api/v1/conversations');
    expect(mine.body.conversations.map((c) => c.id)).not.to.include(answered.id);
    const theirs = await api<{ conversations: { id: string }[] }>(buyers[1]!, 'GET', '/api/v1/conversations');
    expect(theirs.body.conversations.map((c) => c.id)).to.include(answered.id);
  });
});
