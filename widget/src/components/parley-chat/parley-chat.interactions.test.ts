// <parley-chat> behaviour: panel, statuses, failures, replies, typing, receipts, toasts, paging, keyboard.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { chatDom, deep, deepActive, waitFor } from '../../../test/dom.ts';
import {
  api,
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  seedMessages,
  sendAs,
  startClient,
  startPair,
  uid,
  until,
} from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';
import { unreadTotal } from '../../client/selectors.ts';

const inlineChat = (client: ParleyClient, conversation = '') =>
  fixture<ParleyChat>(html`<parley-chat inline lang="en" conversation=${conversation} .client=${client}></parley-chat>`);

const statusOf = (row: Element) => row.querySelector('.status')?.textContent;

describe('<parley-chat> interactions', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should open with show(), reflect open, and close with Esc or the close button', async () => {
    const client = await startClient(uid('user'));
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" .client=${client}></parley-chat>`);
    const panel = deep(chat, '.panel')!;
    expect(panel.hidden).to.equal(true);
    setTimeout(() => chat.show());
    await oneEvent(chat, 'parley-open');
    expect(chat.hasAttribute('open')).to.equal(true);
    await chat.updateComplete;
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('dialog');
    await expect(chat).to.be.accessible();

    deep<HTMLButtonElement>(chat, 'button[part="close-button"]')!.focus();
    setTimeout(() => void sendKeys({ press: 'Escape' }));
    await oneEvent(chat, 'parley-close');
    expect(chat.open).to.equal(false);
    expect(chat.hasAttribute('open')).to.equal(false);

    chat.open = true; // set by the host: no event, but the client (and a bubble) know
    await chat.updateComplete;
    expect(client.state.view.open).to.equal(true);
    setTimeout(() => deep<HTMLButtonElement>(chat, 'button[part="close-button"]')!.click());
    await oneEvent(chat, 'parley-close');
    expect(client.state.view.open).to.equal(false);
  });

  it('should follow open requests from other elements through the client', async () => {
    const { conversation, b } = await startPair();
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" .client=${b}></parley-chat>`);
    setTimeout(() => b.openChat(conversation.id));
    const e = await oneEvent(chat, 'parley-open');
    expect(e.detail.conversationId).to.equal(conversation.id);
    await waitFor(() => chatDom.textarea(chat), 'thread open');
  });

  it('should show the connection state with the queued count, and statuses queued → sent → read', async () => {
    const { seller, conversation, b } = await startPair();
    const chat = await inlineChat(b, conversation.id);
    const textarea = await waitFor(() => chatDom.textarea(chat), 'composer');
    await waitFor(() => chatDom.status(chat)?.textContent?.includes('Online'), 'online');

    setTimeout(goOffline);
    const change = await oneEvent(chat, 'parley-connection-change');
    expect(change.detail.status).to.equal('offline');
    textarea.focus();
    await sendKeys({ type: 'sent later' });
    await sendKeys({ press: 'Enter' });
    const [row] = await waitFor(() => chatDom.messages(chat).length === 1 && chatDom.messages(chat), 'queued row');
    expect(statusOf(row!)).to.equal('Waiting for connection');
    await waitFor(() => chatDom.status(chat)?.textContent?.includes('1 message waiting to be sent'), 'queued count');
    expect(chatDom.status(chat)!.textContent).to.contain('Offline');

    goOnline();
    await waitFor(() => statusOf(chatDom.messages(chat)[0]!) === 'Sent', 'sent');
    expect(chatDom.status(chat)!.textContent).not.to.contain('waiting');

    // The seller reads it: the buyer sees "Read".
    const sellerChat = await inlineChat(await startClient(seller), conversation.id);
    await waitFor(() => chatDom.messages(sellerChat).length === 1, 'seller thread');
    await waitFor(() => statusOf(chatDom.messages(chat)[0]!) === 'Read', 'read receipt');
  });

  it('should mark a refused message failed with retry and discard actions', async () => {
    const { buyer, seller, conversation, b } = await startPair();
    expect((await api(seller, 'POST', `/api/v1/users/${buyer}/block`)).status).to.equal(204);
    const errors: string[] = [];
    const chat = await inlineChat(b, conversation.id);
    chat.addEventListener('parley-error', (e) => errors.push(e.detail.code));
    await b.send(conversation.id, 'you blocked me');
    const row = await waitFor(() => chatDom.messages(chat).find((r) => statusOf(r) === 'Not sent'), 'failed');
    expect(errors).to.deep.equal(['blocked']);
    const buttons = [...row.querySelectorAll('button')].map((x) => x.textContent!.trim());
    expect(buttons).to.deep.equal(['Retry', 'Discard']);
    row.querySelectorAll('button')[0]!.click();
    await waitFor(() => errors.length === 2, 'retried and refused again');
    const again = await waitFor(() => chatDom.messages(chat).find((r) => statusOf(r) === 'Not sent'), 'failed again');
    again.querySelectorAll('button')[1]!.click();
    await waitFor(() => chatDom.messages(chat).length === 0, 'discarded');
    expect(b.state.outbox).to.have.length(0);
  });

  it('should reply with a quote and delete an own message as a tombstone for both', async () => {
    const { seller, conversation, b, s } = await startPair();
    await sendAs(seller, conversation.id, 'Original question');
    const chat = await inlineChat(b, conversation.id);
    const [first] = await waitFor(() => chatDom.messages(chat).length === 1 && chatDom.messages(chat), 'first');
    first!.querySelector<HTMLButtonElement>('button[aria-label="Reply"]')!.click();
    const preview = await waitFor(() => deep(chat, 'parley-thread', 'parley-composer', '.reply'), 'reply preview');
    expect(preview.textContent).to.contain('Original question');
    chatDom.textarea(chat)!.focus();
    await sendKeys({ type: 'My answer' });
    await sendKeys({ press: 'Enter' });
    const reply = await waitFor(
      () => chatDom.messages(chat).find((r) => statusOf(r) === 'Sent' || statusOf(r) === 'Read'),
      'reply sent',
    );
    expect(reply.querySelector('.quote')!.textContent).to.contain('Original question');
    expect(b.state.threads[conversation.id]![1]!.replyTo).to.equal(b.state.threads[conversation.id]![0]!.id);

    reply.querySelector<HTMLButtonElement>('button[aria-label="Delete"]')!.click();
    await waitFor(() => chatDom.messages(chat)[1]!.querySelector('.body')!.textContent === 'Message deleted', 'tombstone');
    await until(s, (st) => st.threads[conversation.id]?.[1]?.deletedAt != null, 'tombstone for the seller');
  });

  it('should show the other party typing and send typing while the user types', async () => {
    const { buyer, seller, conversation, b, s } = await startPair();
    const chat = await inlineChat(b, conversation.id);
    const textarea = await waitFor(() => chatDom.textarea(chat), 'composer');
    s.setTyping(conversation.id, true);
    await waitFor(() => deep(chat, 'parley-thread', '.typing')!.textContent === `Name of ${seller} is typing…`, 'typing shown');
    textarea.focus();
    await sendKeys({ type: 'h' });
    await until(s, (st) => st.typing[conversation.id]?.userId === buyer, 'typing sent');
  });

  it('should mark messages read while the thread is visible', async () => {
    const { buyer, conversation, b, s } = await startPair();
    await sendAs(buyer, conversation.id, 'Please read me');
    await until(s, (st) => unreadTotal(st) === 1, 'seller has it unread');
    const hidden = await fixture<ParleyChat>(
      html`<parley-chat lang="en" conversation=${conversation.id} .client=${s}></parley-chat>`,
    );
    expect(hidden.open).to.equal(false);
    await hidden.updateComplete;
    expect(unreadTotal(s.state)).to.equal(1); // a closed panel reads nothing
    hidden.show();
    await until(s, (st) => unreadTotal(st) === 0, 'read once visible');
    await until(b, (st) => (st.conversations[conversation.id]!.readSeq[s.state.me!.userId] ?? 0) >= 1, 'receipt');
  });

  it('should show a toast for a message in a conversation not on screen, and close it by itself', async () => {
    const { seller, conversation, b } = await startPair('Guitar');
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" toast-duration="300" .client=${b}></parley-chat>`);
    const message = oneEvent(chat, 'parley-message');
    await sendAs(seller, conversation.id, 'Still interested?');
    expect((await message).detail.message.body).to.equal('Still interested?');
    const toast = await waitFor(() => deep(chat, '.toast'), 'toast');
    expect(toast.textContent).to.contain(`New message from Name of ${seller}`);
    expect(toast.textContent).to.contain('Still interested?');
    const live = deep(chat, '[aria-live="polite"]')!;
    expect(live.textContent).to.equal(`New message from Name of ${seller}: Still interested?`);
    await waitFor(() => !deep(chat, '.toast'), 'toast closes itself', 3000);

    await sendAs(seller, conversation.id, 'Hello?');
    const second = await waitFor(() => deep(chat, '.toast'), 'second toast');
    second.querySelector<HTMLButtonElement>('.primary-button')!.click();
    await waitFor(() => chat.open && chat.conversation === conversation.id, 'opened at the conversation');
    expect(deep(chat, '.toast')).to.equal(null);
  });

  it('should archive a conversation from the list', async () => {
    const { buyer, conversation, b } = await startPair('Desk');
    const chat = await inlineChat(b);
    const [row] = await waitFor(() => chatDom.rows(chat).length === 1 && chatDom.rows(chat), 'row');
    row!.querySelector<HTMLButtonElement>('button.archive')!.click();
    await waitFor(() => deep(chat, 'parley-conversation-list', '.empty'), 'gone from the list');
    const listed = await api<{ conversations: { id: string }[] }>(buyer, 'GET', '/api/v1/conversations');
    expect(listed.body.conversations.map((c) => c.id)).not.to.include(conversation.id);
  });

  it('should block and report the other party from the thread', async () => {
    const { seller, conversation, b } = await startPair();
    const chat = await inlineChat(b, conversation.id);
    await waitFor(() => chatDom.textarea(chat), 'thread');
    deep<HTMLButtonElement>(chat, 'parley-thread', `button[aria-label="Block Name of ${seller}"]`)!.click();
    const confirm = await waitFor(
      () => deep<HTMLButtonElement>(chat, 'parley-thread', '.action-form .primary-button'),
      'confirm',
    );
    confirm.click();
    await until(b, (st) => Boolean(st.blocked[seller]), 'blocked');
    await waitFor(() => deep(chat, 'parley-thread', '.notice')?.textContent === `You blocked Name of ${seller}.`, 'notice');
    // The server now refuses the seller's messages to the buyer.
    const refused = await api(seller, 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: uid('c'),
      body: 'hey',
    });
    expect(refused.status).to.equal(403);

    deep<HTMLButtonElement>(chat, 'parley-thread', 'button[aria-label="Report"]')!.click();
    const reason = await waitFor(() => deep<HTMLTextAreaElement>(chat, 'parley-thread', '#reason'), 'report form');
    await expect(chat).to.be.accessible();
    reason.value = 'Asks for payment outside the site';
    deep<HTMLButtonElement>(chat, 'parley-thread', 'form.action-form button[type="submit"]')!.click();
    await waitFor(
      () => deep(chat, 'parley-thread', '.notice[role="status"]')?.textContent === 'Thank you, the report was sent.',
      'reported',
    );
  });

  it('should load older messages on scrolling up and show a pill for new ones below', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await seedMessages(seller, conversation.id, 120, 'old');
    // A client that never saw the conversation holds its last message only, and pages back from it.
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && st.threads[conversation.id]?.length === 1, 'knows the last message');
    const chat = await inlineChat(b, conversation.id);
    await waitFor(() => chatDom.messages(chat).length >= 51, 'latest page');
    const scroller = chatDom.scroller(chat)!;
    await waitFor(() => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48, 'starts at the bottom');
    const count = chatDom.messages(chat).length;
    expect(count).to.equal(51);
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => chatDom.messages(chat).length > count, 'older loaded');
    expect(scroller.scrollTop).to.be.greaterThan(0); // kept on the same messages

    await sendAs(seller, conversation.id, 'below the fold');
    const pill = await waitFor(() => deep<HTMLButtonElement>(chat, 'parley-thread', '.pill'), 'pill');
    expect(pill.textContent!.trim()).to.equal('New messages');
    pill.click();
    await waitFor(() => !deep(chat, 'parley-thread', '.pill'), 'pill gone');
    expect(scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight).to.be.lessThan(48);
  });

  it('should open a thread it already holds at the newest message, and stay there', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await seedMessages(seller, conversation.id, 40, 'held');
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && Boolean(st.conversations[conversation.id]), 'synced');
    await b.loadConversation(conversation.id);
    // The rows are there at the thread's first render, before the composer's: the jump to the end
    // must survive the composer taking its height.
    const chat = await inlineChat(b, conversation.id);
    const scroller = await waitFor(() => chatDom.messages(chat).length === 40 && chatDom.scroller(chat), 'rows');
    const gap = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    await waitFor(() => gap() < 1, 'at the bottom');
    await sendAs(seller, conversation.id, 'newest');
    await waitFor(() => chatDom.messages(chat).length === 41 && gap() < 1, 'still at the bottom');
    expect(deep(chat, 'parley-thread', '.pill')).to.equal(null);
  });

  it('should fetch what the live stream missed with the refresh action', async () => {
    const { buyer, seller, conversation, b } = await startPair();
    const chat = await inlineChat(b, conversation.id);
    await waitFor(() => chatDom.textarea(chat), 'thread');
    await executeServerCommand('parley-mute', { sub: buyer, muted: true });
    await sendAs(seller, conversation.id, 'you did not hear this');
    await executeServerCommand('parley-mute', { sub: buyer, muted: false });
    expect(chatDom.messages(chat)).to.have.length(0);
    deep<HTMLButtonElement>(chat, 'parley-thread', 'button[aria-label="Refresh"]')!.click();
    await waitFor(() => chatDom.messages(chat).length === 1, 'synced by refresh');
  });

  it('should reach every action with Tab', async () => {
    const { seller, conversation, b } = await startPair();
    await sendAs(seller, conversation.id, 'hello');
    const chat = await inlineChat(b);
    const openButton = await waitFor(() => chatDom.rows(chat)[0]?.querySelector<HTMLButtonElement>('button.open'), 'row');
    openButton.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()!.classList.contains('archive')).to.equal(true);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => chatDom.messages(chat).length === 1, 'opened with the keyboard');

    const seen: string[] = [];
    deep<HTMLButtonElement>(chat, 'button[part="back-button"]')!.focus();
    for (let i = 0; i < 14; i++) {
      const el = deepActive();
      seen.push(el?.getAttribute('aria-label') ?? el?.tagName.toLowerCase() ?? '');
      await sendKeys({ press: 'Tab' });
    }
    expect(seen).to.include.members([
      'Back to conversations',
      'Sound for new messages',
      'a',
      'Refresh',
      'Mute this conversation',
      `Block Name of ${seller}`,
      'Report',
      'Reply',
      'textarea',
    ]);
  });

  it('should float as a panel on wide screens and fill the screen under 640 px', async () => {
    const client = await startClient(uid('user'));
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" open .client=${client}></parley-chat>`);
    const panel = deep(chat, '.panel')!;
    try {
      await setViewport({ width: 1000, height: 800 });
      await waitFor(() => panel.getBoundingClientRect().width === 380, 'floating panel');
      expect(getComputedStyle(panel).position).to.equal('fixed');
      await setViewport({ width: 400, height: 700 });
      await waitFor(() => panel.getBoundingClientRect().width === 400, 'full width');
      expect(panel.getBoundingClientRect().height).to.equal(700);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
