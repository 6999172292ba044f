// <parley-chat> and search: a result opens its thread at the message, loading the pages back to it.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { chatDom, deep, deepActive, deepAll, waitFor } from '../../../test/dom.ts';
import { conversationBetween, disposeClients, seedMessages, sendAs, startClient, uid, until } from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';

const inlineChat = (client: ParleyClient) =>
  fixture<ParleyChat>(html`<div style="height: 500px"><parley-chat inline lang="en" .client=${client}></parley-chat></div>`).then(
    (div) => div.querySelector('parley-chat') as ParleyChat,
  );

describe('<parley-chat> search', () => {
  afterEach(() => disposeClients());

  it('should open a result at its message, loaded with the pages after it, and back to the search', async () => {
    const seller = uid('seller');
    const buyer = uid('buyer');
    const conversation = await conversationBetween(buyer, seller, 'Vélo de ville');
    await sendAs(buyer, conversation.id, 'Le cadre du vélo est rouge carmin');
    await seedMessages(seller, conversation.id, 260, 'filler');
    const client = await startClient(seller);
    await until(client, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'synced');
    const chat = await inlineChat(client);
    const list = await waitFor(() => chatDom.list(chat), 'the list');
    const field = await waitFor(() => deep<HTMLInputElement>(list, 'input.search'), 'the field');
    field.focus();
    await sendKeys({ type: 'carmin' });
    const result = await waitFor(() => deep<HTMLButtonElement>(list, 'button[data-result]'), 'the result');
    result.click();
    // The thread holds seq 1 only after paging back through 260 newer messages.
    const found = await waitFor(() => deep(chat, 'parley-thread', 'li.msg.found'), 'the message, shown and marked');
    expect(found.textContent).to.contain('rouge carmin');
    expect(client.state.threads[conversation.id]![0]!.seq).to.equal(1);
    expect(deepActive()).to.equal(found);
    const scroller = chatDom.scroller(chat)!;
    const box = found.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    expect(box.bottom > view.top && box.top < view.bottom, 'in view').to.equal(true);
    // Back: the search is still there.
    deep<HTMLButtonElement>(chat, '[part="back-button"]')!.click();
    await waitFor(() => deepAll(chatDom.list(chat)!, 'li.result').length === 1, 'the result again');
    expect(deep<HTMLInputElement>(chatDom.list(chat)!, 'input.search')!.value).to.equal('carmin');
  });
});
