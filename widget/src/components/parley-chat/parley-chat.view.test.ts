// <parley-chat> and the page's view: `open` and `conversation` read the one state every element shares.
import { expect, fixture, html } from '@open-wc/testing';
import { createPageClient, setPageClient } from '../../client/page-client.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { chatDom, deep, waitFor } from '../../../test/dom.ts';
import { conversationBetween, disposeClients, serverUrl, startClient, tokenFor, uid, until } from '../../../test/helpers.ts';
import type { ParleyUnreadBubble } from '../parley-unread-bubble/parley-unread-bubble.ts';
import type { ParleyChat } from './parley-chat.ts';

/** A signed-in buyer's client holding one conversation. */
async function buyerWithConversation() {
  const buyer = uid('buyer');
  const conversation = await conversationBetween(buyer, uid('seller'));
  const client = await startClient(buyer);
  await until(client, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'synced');
  return { buyer, conversation, client };
}

/** Every `parley-open` / `parley-close` an element dispatches, by name. */
function recordPanelEvents(el: HTMLElement): string[] {
  const heard: string[] = [];
  el.addEventListener('parley-open', (e) => heard.push(e.type));
  el.addEventListener('parley-close', (e) => heard.push(e.type));
  return heard;
}

describe('<parley-chat> view', () => {
  afterEach(async () => {
    setPageClient(null);
    await disposeClients();
  });

  it('should open again at the list after the user went back from a thread', async () => {
    const { conversation, client } = await buyerWithConversation();
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" .client=${client}></parley-chat>`);
    chat.show(conversation.id);
    await waitFor(() => chatDom.textarea(chat), 'thread');
    deep<HTMLButtonElement>(chat, 'button[part="back-button"]')!.click();
    await waitFor(() => chatDom.list(chat), 'list');
    expect(chat.conversation).to.equal(null);
    expect(client.state.view.conversationId).to.equal(null);
    client.toggleChat(); // what the bubble does: closes…
    client.toggleChat(); // …and opens where the chat was
    await chat.updateComplete;
    expect(chat.open).to.equal(true);
    expect(chat.conversation).to.equal(null);
    expect(chat.hasAttribute('conversation')).to.equal(false);
    expect(chatDom.list(chat)).to.not.equal(null);
  });

  it('should hand what the host set before there was a client to it, without events', async () => {
    const { conversation, client } = await buyerWithConversation();
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" open conversation=${conversation.id}></parley-chat>`);
    const heard = recordPanelEvents(chat);
    expect(chat.open).to.equal(true);
    chat.client = client;
    await chat.updateComplete;
    expect(client.state.view).to.deep.equal({ open: true, conversationId: conversation.id, listingId: null });
    await waitFor(() => chatDom.textarea(chat), 'thread');
    expect(heard).to.deep.equal([]);
  });

  it('should reflect a view changed elsewhere as attributes, announced once', async () => {
    const { conversation, client } = await buyerWithConversation();
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en" .client=${client}></parley-chat>`);
    const heard = recordPanelEvents(chat);
    client.openChat(conversation.id);
    await chat.updateComplete;
    expect(chat.getAttribute('conversation')).to.equal(conversation.id);
    expect(chat.hasAttribute('open')).to.equal(true);
    client.showConversation(null);
    client.closeChat();
    await chat.updateComplete;
    expect(chat.hasAttribute('conversation')).to.equal(false);
    expect(chat.hasAttribute('open')).to.equal(false);
    expect(heard).to.deep.equal(['parley-open', 'parley-close']);
  });

  it('should leave a conversation that gets archived', async () => {
    const { conversation, client } = await buyerWithConversation();
    const chat = await fixture<ParleyChat>(
      html`<parley-chat inline lang="en" conversation=${conversation.id} .client=${client}></parley-chat>`,
    );
    await waitFor(() => chatDom.textarea(chat), 'thread');
    await client.archive(conversation.id);
    await waitFor(() => chatDom.list(chat), 'back at the list');
    expect(chat.conversation).to.equal(null);
  });

  it('should keep the chat where it was when the page’s client is replaced', async () => {
    const { buyer, conversation, client } = await buyerWithConversation();
    setPageClient(client);
    const chat = await fixture<ParleyChat>(html`<parley-chat lang="en"></parley-chat>`);
    const bubble = await fixture<ParleyUnreadBubble>(html`<parley-unread-bubble lang="en"></parley-unread-bubble>`);
    client.openChat(conversation.id);
    await waitFor(() => chatDom.textarea(chat), 'thread');
    const heard = recordPanelEvents(chat);
    let replacement: ParleyClient | null = null;
    try {
      // What Parley.configure() does when it is given another token source.
      replacement = createPageClient({ server: await serverUrl(), getToken: () => tokenFor(buyer) });
      await replacement.whenReady();
      await Promise.all([chat.updateComplete, bubble.updateComplete]);
      expect(chat.open).to.equal(true);
      expect(chat.conversation).to.equal(conversation.id);
      expect(deep(bubble, 'button')!.getAttribute('aria-expanded')).to.equal('true');
      expect(heard).to.deep.equal([]);
    } finally {
      setPageClient(null);
      await replacement?.dispose();
    }
  });
});
