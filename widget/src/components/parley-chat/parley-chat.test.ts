// <parley-chat> rendering: each state, accessibility, XSS payloads, English and French, theme, notices.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { chatDom, deep, deepAll, waitFor } from '../../../test/dom.ts';
import { conversationBetween, disposeClients, goOnline, sendAs, startClient, uid, until } from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';
import { unreadIn, unreadTotal } from '../../client/selectors.ts';

async function inlineChat(client: ParleyClient, attrs: { lang?: string; conversation?: string } = {}): Promise<ParleyChat> {
  return fixture<ParleyChat>(
    html`<parley-chat inline lang=${attrs.lang ?? 'en'} conversation=${attrs.conversation ?? ''} .client=${client}></parley-chat>`,
  );
}

describe('<parley-chat>', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should show the empty state and be accessible', async () => {
    const client = await startClient(uid('newcomer'));
    const chat = await inlineChat(client);
    const empty = await waitFor(() => deep(chat, 'parley-conversation-list', '.empty'), 'empty state');
    expect(empty.textContent).to.contain('No conversations yet');
    await expect(chat).to.be.accessible();
  });

  it('should list conversations with listing, other party, last message and unread count, accessibly', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, 'Green armchair');
    await sendAs(buyer, conversation.id, 'Is the armchair still available?');
    await sendAs(buyer, conversation.id, 'I can come tomorrow');
    const client = await startClient(seller);
    const chat = await inlineChat(client);
    const [row] = await waitFor(() => chatDom.rows(chat).length === 1 && chatDom.rows(chat), 'one row');
    expect(row!.querySelector('.title')!.textContent).to.equal('Green armchair');
    expect(row!.querySelector('.who')!.textContent).to.contain(`Name of ${buyer}`);
    expect(row!.querySelector('.preview')!.textContent!.trim()).to.equal('I can come tomorrow');
    const badge = await waitFor(() => row!.querySelector('.badge'), 'unread badge');
    expect(badge.querySelector('[aria-hidden]')!.textContent).to.equal('2');
    expect(badge.querySelector('.sr-only')!.textContent).to.equal('2 unread messages');
    expect(row!.querySelector('time')!.textContent).to.equal('just now');
    await expect(chat).to.be.accessible();
  });

  it('should open a thread with the listing card, day separator, times and own/other styles, accessibly', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, 'Oak table');
    await sendAs(buyer, conversation.id, 'Hello from the buyer');
    await sendAs(seller, conversation.id, 'Hello from the seller');
    const client = await startClient(buyer);
    const chat = await inlineChat(client);
    const [row] = await waitFor(() => chatDom.rows(chat).length === 1 && chatDom.rows(chat), 'row');
    row!.querySelector<HTMLButtonElement>('button.open')!.click();
    const messages = await waitFor(() => chatDom.messages(chat).length === 2 && chatDom.messages(chat), 'two messages');
    expect(chat.conversation).to.equal(conversation.id);
    expect(chat.getAttribute('conversation')).to.equal(conversation.id);
    expect(messages[0]!.classList.contains('own')).to.equal(true);
    expect(messages[0]!.getAttribute('part')).to.equal('message message-own');
    expect(messages[1]!.classList.contains('other')).to.equal(true);
    // The seller answered after it, so the seller has read it.
    expect(messages[0]!.querySelector('.status')!.textContent).to.equal('Read');
    expect(messages[1]!.querySelector('.status')).to.equal(null);
    const time = messages[0]!.querySelector('time')!;
    const expected = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date(time.dateTime));
    expect(time.textContent).to.equal(expected);
    const days = deepAll(chat, 'parley-thread', 'li.day');
    expect(days.map((d) => d.textContent!.trim())).to.deep.equal(['Today']);
    const card = deep<HTMLAnchorElement>(chat, 'parley-thread', '.listing')!;
    expect(card.textContent).to.contain('Oak table');
    expect(card.textContent).to.contain('120 €');
    expect(card.href).to.equal('http://market.test/ads/1');
    expect(card.rel).to.equal('noopener noreferrer');
    await expect(chat).to.be.accessible();
  });

  it('should send with Enter, make a new line with Shift+Enter, and show the status', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const client = await startClient(buyer);
    await until(client, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'synced');
    const chat = await inlineChat(client, { conversation: conversation.id });
    const textarea = await waitFor(() => chatDom.textarea(chat), 'composer');
    textarea.focus();
    await sendKeys({ type: 'first line' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    expect(textarea.value).to.equal('first line\nsecond line');
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('');
    const [message] = await waitFor(() => chatDom.messages(chat).length === 1 && chatDom.messages(chat), 'message shown');
    expect(message!.querySelector('.body')!.textContent).to.equal('first line\nsecond line');
    await waitFor(() => message!.querySelector('.status')?.textContent === 'Sent', 'sent');
    expect(client.state.threads[conversation.id]![0]!.body).to.equal('first line\nsecond line');
  });

  it('should show message bodies that look like HTML as text, and link only http(s) URLs', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, '<img src=x onerror="window.pwned=1">');
    const payloads = [
      '<img src=x onerror="window.pwned=1">',
      '<script>window.pwned=1</script>',
      'javascript:window.pwned=1 and data:text/html,<b>x</b>',
      'see https://example.com/a?b=1&c=2. and (http://example.org/x) <i>it</i>',
    ];
    for (const body of payloads) await sendAs(seller, conversation.id, body);
    const client = await startClient(buyer);
    await until(client, (s) => Boolean(s.conversations[conversation.id]), 'synced');
    const chat = await inlineChat(client, { conversation: conversation.id });
    const rows = await waitFor(() => chatDom.messages(chat).length === 4 && chatDom.messages(chat), 'all shown');
    const bodies = rows.map((r) => r.querySelector('.body')!);
    expect(bodies.map((b) => b.textContent)).to.deep.equal(payloads);
    expect(bodies[0]!.querySelector('img')).to.equal(null);
    expect(bodies[1]!.querySelector('script')).to.equal(null);
    expect(bodies[2]!.querySelector('a')).to.equal(null);
    const links = [...bodies[3]!.querySelectorAll('a')];
    expect(links.map((a) => a.textContent)).to.deep.equal(['https://example.com/a?b=1&c=2', 'http://example.org/x']);
    expect(bodies[3]!.querySelector('i')).to.equal(null);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer nofollow ugc');
    }
    expect(deep(chat, 'parley-thread', '.listing-title')!.textContent).to.equal('<img src=x onerror="window.pwned=1">');

    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('should speak French with lang="fr" and English by default', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, 'Vélo');
    await sendAs(seller, conversation.id, 'Bonjour');
    const client = await startClient(buyer);
    // The unread count is pushed by the server after the connect: wait for it rather than race it.
    await until(
      client,
      (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]) && unreadIn(s, conversation.id) === 1,
      'synced',
    );
    const fr = await inlineChat(client, { lang: 'fr' });
    const row = await waitFor(() => chatDom.rows(fr)[0], 'row');
    expect(deep(fr, '.title')!.textContent).to.equal('Messages');
    expect(chatDom.status(fr)!.textContent).to.contain('En ligne');
    expect(row.querySelector('.badge .sr-only')!.textContent).to.equal('1 message non lu');
    expect(row.querySelector('.archive')!.getAttribute('aria-label')).to.equal('Archiver la conversation à propos de Vélo');
    expect(row.querySelector('time')!.textContent).to.equal('à l’instant');
    row.querySelector<HTMLButtonElement>('button.open')!.click();
    const textarea = await waitFor(() => chatDom.textarea(fr), 'thread');
    expect(textarea.placeholder).to.equal('Écrire un message…');
    await waitFor(() => deepAll(fr, 'parley-thread', 'li.day')[0]?.textContent?.trim() === 'Aujourd’hui', 'French day');
    await expect(fr).to.be.accessible();

    // A second chat on the same client follows the open conversation, in English without a lang.
    const en = await fixture<ParleyChat>(html`<parley-chat inline .client=${client}></parley-chat>`);
    const enTextarea = await waitFor(() => chatDom.textarea(en), 'thread in English');
    expect(enTextarea.placeholder).to.equal('Write a message…');
    expect(chatDom.status(en)!.textContent).to.contain('Online');
  });

  it('should show sign-in, refused-session and loading states', async () => {
    const signedOut = await startClient(uid('nobody'), { getToken: async () => null });
    const a = await inlineChat(signedOut);
    await waitFor(() => deep(a, '.body .notice')?.textContent === 'Sign in to see your messages.', 'signed out');
    await expect(a).to.be.accessible();

    const rejected = await startClient(uid('x'), { getToken: () => Promise.resolve('not.a.valid-token') });
    const b = await inlineChat(rejected);
    await waitFor(() => deep(b, '.body .notice')?.textContent?.startsWith('Your session could not be verified'), 'refused');
    expect(chatDom.status(b)!.textContent).to.contain('Offline');

    // No client configured on the page yet.
    const none = await fixture<ParleyChat>(html`<parley-chat inline></parley-chat>`);
    expect(deep(none, 'parley-conversation-list', '.placeholder')!.textContent).to.equal('Loading…');
  });

  it('should follow a change of lang at runtime and be accessible in the dark theme', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller, 'Lampe');
    await sendAs(seller, conversation.id, 'Disponible https://example.com/lampe');
    await sendAs(buyer, conversation.id, 'Super, merci');
    const client = await startClient(buyer);
    await until(client, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'synced');
    const chat = await fixture<ParleyChat>(
      html`<parley-chat inline theme="dark" conversation=${conversation.id} .client=${client}></parley-chat>`,
    );
    await waitFor(() => chatDom.messages(chat).length === 2, 'thread');
    expect(chatDom.textarea(chat)!.placeholder).to.equal('Write a message…');
    chat.setAttribute('lang', 'fr');
    await waitFor(() => chatDom.textarea(chat)!.placeholder === 'Écrire un message…', 'French after the change');
    expect(getComputedStyle(deep(chat, '.panel')!).backgroundColor).to.equal('rgb(17, 24, 39)');
    await expect(chat).to.be.accessible();
  });

  it('should follow the system colour scheme with theme="auto", and keep light and dark fixed', async () => {
    const client = await startClient(uid('auto'));
    const panel = (chat: ParleyChat) => getComputedStyle(deep(chat, '.panel')!).backgroundColor;
    const white = 'rgb(255, 255, 255)';
    const dark = 'rgb(17, 24, 39)';
    try {
      await emulateMedia({ colorScheme: 'dark' });
      const auto = await fixture<ParleyChat>(html`<parley-chat inline theme="auto" .client=${client}></parley-chat>`);
      const light = await fixture<ParleyChat>(html`<parley-chat inline theme="light" .client=${client}></parley-chat>`);
      expect(panel(auto)).to.equal(dark);
      expect(panel(light)).to.equal(white);
      await expect(auto).to.be.accessible();
      await emulateMedia({ colorScheme: 'light' });
      await waitFor(() => panel(auto) === white, 'light again with the system');
      const fixedDark = await fixture<ParleyChat>(html`<parley-chat inline theme="dark" .client=${client}></parley-chat>`);
      expect(panel(fixedDark)).to.equal(dark);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('should say it is reconnecting while the server cannot be reached', async () => {
    const client = await startClient(uid('user'), { server: 'http://127.0.0.1:9' });
    const chat = await inlineChat(client);
    await waitFor(() => chatDom.status(chat)?.textContent?.includes('Reconnecting…'), 'reconnecting');
  });

  it('should tell the page when the unread total changes', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(buyer, conversation.id, 'first');
    const client = await startClient(seller);
    const chat = await inlineChat(client);
    await waitFor(() => chatDom.rows(chat).length === 1, 'row');
    await until(client, (s) => unreadTotal(s) === 1, 'one unread');
    setTimeout(() => void sendAs(buyer, conversation.id, 'second'));
    const e = await oneEvent(chat, 'parley-unread-change');
    expect(e.detail.total).to.equal(2);
  });

  it('should show a notice when messages can only be kept in memory', async () => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('Private mode', 'InvalidStateError');
    };
    try {
      const client = await startClient(uid('private'));
      const chat = await inlineChat(client);
      const notice = await waitFor(() => deep(chat, '.panel > .notice'), 'notice');
      expect(notice.textContent).to.contain('Messages cannot be saved on this device');
      await expect(chat).to.be.accessible();
    } finally {
      IDBFactory.prototype.open = open;
    }
  });
});
