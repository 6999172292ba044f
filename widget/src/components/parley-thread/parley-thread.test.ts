// <parley-thread>: messages and receipts while active, typing, the reply, the block and report forms, focus.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LIMITS } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import { unreadIn } from '../../client/selectors.ts';
import { localize } from '../../i18n/index.ts';
import { deep, deepActive, deepAll, waitFor } from '../../../test/dom.ts';
import {
  conversationBetween,
  disposeClients,
  seedMessages,
  sendAs,
  startClient,
  startPair,
  uid,
  until,
} from '../../../test/helpers.ts';
import { ParleyThread } from './parley-thread.ts';

ParleyThread.define();

const messages = (thread: ParleyThread) => deepAll(thread, 'li.msg');
const button = (thread: ParleyThread, label: string) => deep<HTMLButtonElement>(thread, `button[aria-label="${label}"]`);

function threadFor(client: ParleyClient | null, conversationId: string, active = true) {
  return fixture<ParleyThread>(
    html`<parley-thread .client=${client} .l10n=${localize('en')} .conversationId=${conversationId} ?active=${active}></parley-thread>`,
  );
}

describe('<parley-thread>', () => {
  afterEach(async () => {
    await disposeClients();
  });

  it('should say it is loading while the conversation is not held', async () => {
    const thread = await threadFor(null, 'not-held');
    expect(deep(thread, '.placeholder')!.textContent).to.equal('Loading…');
  });

  it('should show the messages and mark them read only while it is active', async () => {
    const { buyer, conversation, s } = await startPair('Kettle');
    await sendAs(buyer, conversation.id, 'Does it still work?');
    await until(s, (st) => unreadIn(st, conversation.id) === 1 && st.threads[conversation.id]?.length === 1, 'unread');
    const thread = await threadFor(s, conversation.id, false);
    await waitFor(() => messages(thread).length === 1, 'the message');
    expect(messages(thread)[0]!.classList.contains('other')).to.equal(true);
    expect(deep(thread, '.listing-title')!.textContent).to.equal('Kettle');
    await thread.updateComplete;
    expect(unreadIn(s.state, conversation.id), 'an inactive thread reads nothing').to.equal(1);
    thread.active = true;
    await until(s, (st) => unreadIn(st, conversation.id) === 0, 'read once active');
    await expect(thread).to.be.accessible();
  });

  it('should show the other party typing', async () => {
    const { seller, conversation, b, s } = await startPair();
    const thread = await threadFor(b, conversation.id);
    await waitFor(() => deep(thread, 'parley-composer'), 'thread');
    s.setTyping(conversation.id, true);
    await waitFor(() => deep(thread, '.typing')!.textContent === `Name of ${seller} is typing…`, 'typing shown');
    s.setTyping(conversation.id, false);
    await waitFor(() => deep(thread, '.typing')!.textContent === '', 'typing gone');
  });

  it('should send what the composer sends, as a reply to the message picked', async () => {
    const { seller, conversation, b } = await startPair();
    await sendAs(seller, conversation.id, 'Still for sale');
    const thread = await threadFor(b, conversation.id);
    const [first] = await waitFor(() => messages(thread).length === 1 && messages(thread), 'first message');
    first!.querySelector<HTMLButtonElement>('button[data-action="reply"]')!.click();
    await waitFor(() => deep(thread, 'parley-composer', '.reply'), 'reply preview');
    expect(deepActive()?.tagName, 'the field has the focus').to.equal('TEXTAREA');
    await sendKeys({ type: 'I take it' });
    await sendKeys({ press: 'Enter' });
    await until(b, (st) => st.threads[conversation.id]?.length === 2, 'stored');
    const [original, reply] = b.state.threads[conversation.id]!;
    expect(reply!.body).to.equal('I take it');
    expect(reply!.replyTo).to.equal(original!.id);
    await waitFor(() => !deep(thread, 'parley-composer', '.reply'), 'preview gone once sent');
  });

  it('should open the block confirmation and the report form one at a time, and close them with Cancel', async () => {
    const { seller, conversation, b } = await startPair();
    const thread = await threadFor(b, conversation.id);
    await waitFor(() => button(thread, 'Report'), 'header');
    button(thread, `Block Name of ${seller}`)!.click();
    const confirm = await waitFor(() => deep(thread, '.action-form[role="group"]'), 'block confirmation');
    expect(confirm.textContent).to.contain(`Block Name of ${seller}? They will not be able to send you messages.`);
    button(thread, 'Report')!.click();
    const form = await waitFor(() => deep(thread, 'form.action-form'), 'report form');
    expect(deep(thread, '.action-form[role="group"]'), 'one form at a time').to.equal(null);
    expect(form.querySelector('textarea')!.maxLength).to.equal(LIMITS.reportReasonMaxChars);
    await expect(thread).to.be.accessible();
    form.querySelector<HTMLButtonElement>('button[type="button"]')!.click();
    await waitFor(() => !deep(thread, '.action-form'), 'closed by Cancel');
    button(thread, 'Report')!.click();
    await waitFor(() => deep(thread, 'form.action-form'), 'open again');
    button(thread, 'Report')!.click();
    await waitFor(() => !deep(thread, '.action-form'), 'closed by its own button');
  });

  it('should move the keyboard focus to the message field', async () => {
    const { conversation, b } = await startPair();
    const thread = await threadFor(b, conversation.id);
    await waitFor(() => deep(thread, 'parley-composer', 'textarea'), 'composer');
    thread.focus();
    expect(deepActive()).to.equal(deep(thread, 'parley-composer', 'textarea'));
  });

  it("should take a scroll to the top right after older messages arrived as the user's, and load more", async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await seedMessages(seller, conversation.id, 120, 'old');
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && st.threads[conversation.id]?.length === 1, 'knows the last message');
    const box = await fixture<HTMLDivElement>(html`<div style="height: 300px">
      <parley-thread .client=${b} .l10n=${localize('en')} .conversationId=${conversation.id}></parley-thread>
    </div>`);
    const thread = box.querySelector<ParleyThread>('parley-thread')!;
    // The thread pages back from its one message; the draw right after that page, with no frame between.
    const paged = (st: typeof b.state) => (st.threads[conversation.id]?.length ?? 0) >= 51;
    if (!paged(b.state)) {
      await new Promise<void>((resolve) => {
        const stop = b.subscribe((st) => {
          if (!paged(st)) return;
          stop();
          resolve();
        });
      });
    }
    await thread.updateComplete;
    expect(messages(thread).length).to.equal(51);
    // No frame has passed since the older page was drawn above the last message, so its scroll event
    // has not fired yet: the user's scroll to the top must not be taken for the thread's own.
    const scroller = deep<HTMLElement>(thread, '.scroller')!;
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await until(b, (st) => (st.threads[conversation.id]?.length ?? 0) > 51, 'older page loaded');
  });
});
