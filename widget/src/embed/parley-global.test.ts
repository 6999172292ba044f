// window.Parley: the pre-load queue, configure() before and after, loading twice, logout, the inbox link.
import { expect, fixture, html } from '@open-wc/testing';
import { getPageClient } from '../client/page-client.ts';
import '../index.ts';
import { deep, waitFor } from '../../test/dom.ts';
import { api, conversationBetween, sendAs, serverUrl, uid } from '../../test/helpers.ts';
import { installParley, type ParleyGlobal } from './parley-global.ts';
import { pageSettings } from './page-config.ts';
import { readUnreadMemory } from './unread-memory.ts';

const w = window as unknown as { Parley?: ParleyGlobal | { q: unknown[] } };

describe('window.Parley', () => {
  let parley: ParleyGlobal;
  const buyer = uid('global');

  before(async () => {
    const server = await serverUrl();
    // What a host page does before the script has loaded: a stub with a queue.
    history.replaceState(null, '', `${location.pathname}?parley-conversation=from-the-url`);
    w.Parley = { q: [['configure', { tokenUrl: `/test-token-url?user=${buyer}`, loginUrl: '/login' }]] };
    parley = installParley(
      { server, tokenUrl: null, loginUrl: null, inboxUrl: '/inbox', locale: null, titleBadge: true },
      '9.9.9',
    );
  });

  it('should replace the stub, replay its queued configure() and sign the user in from the token URL', async () => {
    expect(w.Parley).to.equal(parley);
    expect(parley.version).to.equal('9.9.9');
    const client = getPageClient()!;
    await waitFor(() => client.state.me?.userId === buyer, 'signed in from the token URL');
    await waitFor(() => client.state.status === 'online', 'online');
    expect(pageSettings().loginUrl).to.equal('/login');
    expect(pageSettings().inboxUrl).to.equal('/inbox', 'the script tag setting is kept');
  });

  it('should open the conversation named in the URL, creating a floating chat', async () => {
    const chat = await waitFor(() => document.querySelector('parley-chat'), 'a floating chat');
    expect(chat.getAttribute('conversation')).to.equal('from-the-url');
    history.replaceState(null, '', location.pathname);
    chat.remove();
  });

  it('should keep the first copy in charge when the script is loaded a second time', async () => {
    const client = getPageClient();
    const second = installParley(
      { server: 'http://elsewhere.test', tokenUrl: null, loginUrl: null, inboxUrl: null, locale: null, titleBadge: true },
      '0.0.1',
    );
    expect(second).to.equal(parley);
    expect(w.Parley).to.equal(parley);
    expect(getPageClient()).to.equal(client);
  });

  it('should switch language on configure({locale}) without reconnecting', async () => {
    const client = getPageClient()!;
    const bubble = await fixture(html`<parley-unread-bubble></parley-unread-bubble>`);
    parley.configure({ locale: 'fr' });
    await waitFor(() => deep(bubble, 'button')?.getAttribute('aria-label') === 'Messages', 'label');
    const contact = await fixture(html`<parley-contact-seller seller="s" listing="l"></parley-contact-seller>`);
    await waitFor(() => deep(contact, 'button')?.textContent?.trim() === 'Contacter le vendeur', 'French label');
    expect(getPageClient()).to.equal(client, 'same client, same connection');
  });

  it("should show the unread count in the title, follow the host's title, and turn off with configure()", async () => {
    const seller = uid('global-seller');
    document.title = 'Market';
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(seller, conversation.id, 'one');
    await sendAs(seller, conversation.id, 'two');
    await waitFor(() => document.title === '(2) Market', 'the badge');
    const server = getPageClient()!.options.server;
    await waitFor(() => readUnreadMemory(server)?.total === 2, 'remembered on the device for the loader');
    expect(readUnreadMemory(server)!.user).to.equal(buyer);
    document.title = 'Another page'; // the host changes its title (a single-page app's navigation)
    await waitFor(() => document.title === '(2) Another page', 'the badge follows the host');
    parley.configure({ titleBadge: false });
    expect(document.title).to.equal('Another page');
    parley.configure({ titleBadge: true });
    expect(document.title).to.equal('(2) Another page');
    await api(buyer, 'POST', `/api/v1/conversations/${conversation.id}/read`, { seq: 2 });
    await waitFor(() => getPageClient()!.state.conversations[conversation.id]?.unread === 0, 'read');
    expect(document.title).to.equal('Another page', 'restored exactly at 0');
  });

  it('should switch user when configure() gives another token source', async () => {
    const other = uid('global-other');
    parley.configure({ tokenUrl: `/test-token-url?user=${other}` });
    const client = await waitFor(() => getPageClient()?.state.me?.userId === other && getPageClient(), 'the other user');
    await waitFor(() => client.state.status === 'online', 'online');
  });

  it('should never throw into the page on a bad configure() call', () => {
    expect(() => parley.configure(null as never)).to.not.throw();
    expect(() => parley.configure('nope' as never)).to.not.throw();
  });

  it('should sign out and wipe the local data on logout()', async () => {
    const client = getPageClient()!;
    await parley.logout();
    expect(client.state.auth).to.equal('signed-out');
    expect(client.state.conversations).to.deep.equal({});
    expect(client.state.outbox).to.deep.equal([]);
    expect(readUnreadMemory(client.options.server)).to.equal(null, 'no count left for the next visitor');
  });
});
