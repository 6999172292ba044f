import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { chatDom, deep, deepAll, waitFor } from '../../../test/dom.ts';
import { conversationBetween, disposeClients, goOnline, sendAs, startClient, uid, until } from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';

async function inlineChat(client: ParleyClient, attrs: { lang?: string; conversation?: string } = {}): Promise<ParleyChat> {
  return fixture<ParleyChat>(html`<parley-chat inline lang=${attrs.lang ?? 'en'} conversation=${attrs.conversation ?? ''} .client=${client}></parley-chat>`);
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
    expect(card.href).to.equal('https://market.test/ads/1');
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
});
