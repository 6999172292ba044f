// <parley-unread-bubble>: live count, 99+, accessible name in both languages, toggling the panel, position.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ParleyClient } from '../../client/parley-client.ts';
import { setPageClient } from '../../client/page-client.ts';
import '../../index.ts';
import { deep, waitFor } from '../../../test/dom.ts';
import { conversationBetween, disposeClients, seedMessages, sendAs, startClient, uid, until } from '../../../test/helpers.ts';
import type { ParleyUnreadBubble } from './parley-unread-bubble.ts';
import { unreadTotal } from '../../client/selectors.ts';

const button = (el: ParleyUnreadBubble) => deep<HTMLButtonElement>(el, 'button')!;
const badge = (el: ParleyUnreadBubble) => deep(el, '.badge');

describe('<parley-unread-bubble>', () => {
  afterEach(async () => {
    document.querySelectorAll('parley-chat').forEach((c) => c.remove());
    setPageClient(null);
    await disposeClients();
  });

  async function bubbleFor(client: ParleyClient, lang = 'en'): Promise<ParleyUnreadBubble> {
    return fixture<ParleyUnreadBubble>(html`<parley-unread-bubble lang=${lang} .client=${client}></parley-unread-bubble>`);
  }

  it('should show no badge at 0 and say "Messages", accessibly', async () => {
    const client = await startClient(uid('quiet'));
    const bubble = await bubbleFor(client);
    await until(client, (s) => s.status === 'online', 'online');
    expect(badge(bubble)).to.equal(null);
    expect(button(bubble).getAttribute('aria-label')).to.equal('Messages');
    await expect(bubble).to.be.accessible();
  });

  it('should count unread messages live and say the count in its accessible name, in English and French', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const client = await startClient(seller);
    const bubble = await bubbleFor(client);
    await until(client, (s) => s.status === 'online', 'online');
    const change = oneEvent(bubble, 'parley-unread-change');
    await sendAs(buyer, conversation.id, 'one');
    expect((await change).detail.total).to.equal(1);
    await sendAs(buyer, conversation.id, 'two');
    await waitFor(() => badge(bubble)?.textContent === '2', 'badge 2');
    expect(button(bubble).getAttribute('aria-label')).to.equal('Messages, 2 unread messages');
    bubble.setAttribute('lang', 'fr');
    await waitFor(() => button(bubble).getAttribute('aria-label') === 'Messages, 2 messages non lus', 'French label');
    await expect(bubble).to.be.accessible();
  });

  it('should show 99+ above 99', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await seedMessages(buyer, conversation.id, 120);
    const client = await startClient(seller);
    const bubble = await bubbleFor(client);
    await waitFor(() => badge(bubble)?.textContent === '99+', 'badge 99+');
    expect(button(bubble).getAttribute('aria-label')).to.equal('Messages, 120 unread messages');
  });

  it('should create a floating chat when the page has none and toggle it', async () => {
    const client = await startClient(uid('opener'));
    setPageClient(client);
    const bubble = await fixture<ParleyUnreadBubble>(html`<parley-unread-bubble lang="en"></parley-unread-bubble>`);
    expect(document.querySelector('parley-chat')).to.equal(null);
    button(bubble).click();
    const chat = await waitFor(() => document.querySelector('parley-chat'), 'a floating chat');
    expect(chat.hasAttribute('inline')).to.equal(false);
    await waitFor(() => chat.hasAttribute('open'), 'opened');
    expect(button(bubble).getAttribute('aria-expanded')).to.equal('true');
    button(bubble).click();
    await waitFor(() => !chat.hasAttribute('open'), 'closed');
    button(bubble).click();
    await waitFor(() => chat.hasAttribute('open'), 'opened again');
    expect(document.querySelectorAll('parley-chat').length).to.equal(1, 'still one chat');
  });

  it('should move to the bottom-left corner with position="bottom-left"', async () => {
    const client = await startClient(uid('corner'));
    const right = await fixture<ParleyUnreadBubble>(html`<parley-unread-bubble .client=${client}></parley-unread-bubble>`);
    const left = await fixture<ParleyUnreadBubble>(
      html`<parley-unread-bubble position="bottom-left" .client=${client}></parley-unread-bubble>`,
    );
    expect(getComputedStyle(right).position).to.equal('fixed');
    expect(right.getBoundingClientRect().right).to.be.closeTo(window.innerWidth - 16, 1);
    expect(left.getBoundingClientRect().left).to.be.closeTo(16, 1);
  });

  it('should dispatch page-wide events once when a chat and a bubble share the page', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const client = await startClient(seller);
    setPageClient(client);
    // Built by hand rather than with fixture(): fixture() waits for an animation frame on a plain
    // <div>, and a page Chromium runs in the background (test files run two at a time) gets none.
    const page = document.createElement('div');
    page.innerHTML = '<parley-unread-bubble></parley-unread-bubble><parley-chat inline></parley-chat>';
    document.body.append(page);
    try {
      await Promise.all([...page.children].map((el) => (el as ParleyUnreadBubble).updateComplete));
      await until(client, (s) => s.status === 'online', 'online');
      const heard: number[] = [];
      page.addEventListener('parley-unread-change', (e) => heard.push((e as CustomEvent<{ total: number }>).detail.total));
      await sendAs(buyer, conversation.id, 'hello');
      await until(client, (s) => unreadTotal(s) === 1, 'unread 1');
      expect(heard).to.deep.equal([1]);
    } finally {
      page.remove();
    }
  });
});
