// The client against the real server: sending, the outbox across reloads, offline drains, refusals, tabs, transports.
import { expect } from '@open-wc/testing';
import { LIMITS } from '../../../protocol/index.ts';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  recordRequests,
  serverMessages,
  startClient,
  uid,
  until,
} from '../../test/helpers.ts';
import { unreadTotal } from './selectors.ts';

describe('ParleyClient outbox', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should send a message and deliver it to the other party', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const b = await startClient(buyer);
    const s = await startClient(seller);
    await until(b, (st) => st.status === 'online', 'buyer online');
    await until(s, (st) => st.status === 'online', 'seller online');
    const conversation = await b.contactSeller({ sellerId: seller, listing: { id: uid('ad'), title: 'Lamp' } });
    const received: string[] = [];
    s.on('message', (e) => received.push(e.message.body));

    await b.send(conversation.id, '  Hello, is it still available?  ');

    await until(s, (st) => st.threads[conversation.id]?.length === 1, 'seller receives the message');
    expect(s.state.threads[conversation.id]![0]!.body).to.equal('Hello, is it still available?');
    expect(received).to.deep.equal(['Hello, is it still available?']);
    await until(b, (st) => st.outbox.length === 0 && st.threads[conversation.id]?.length === 1, 'buyer sees it acknowledged');
    // The seller learns of the conversation with its first message.
    await until(s, (st) => Boolean(st.conversations[conversation.id]), 'seller knows the conversation');
    await until(s, (st) => unreadTotal(st) === 1, 'seller has one unread');
  });

  it('should count a message as the server does: 4,000 emoji are sent, one more is refused before the outbox', async () => {
    const buyer = uid('buyer');
    const conversation = await conversationBetween(buyer, uid('seller'));
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online', 'online');
    const longest = '😀'.repeat(LIMITS.bodyMaxChars);
    await b.send(conversation.id, longest);
    await until(b, (st) => st.outbox.length === 0 && st.threads[conversation.id]?.length === 1, 'stored by the server');
    expect((await serverMessages(buyer, conversation.id))[0]!.body).to.equal(longest);
    const refused = await b.send(conversation.id, `${longest}😀`).then(
      () => null,
      (err: { code?: string }) => err.code,
    );
    expect(refused).to.equal('invalid');
    expect(b.state.outbox).to.have.length(0);
  });

  it('should keep queued messages across a reload and send them from the next page', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    goOffline();
    const first = await startClient(buyer);
    expect(first.state.status).to.equal('offline');
    await first.send(conversation.id, 'written offline 1');
    await first.send(conversation.id, 'written offline 2');
    expect(first.state.outbox.map((i) => i.status)).to.deep.equal(['pending', 'pending']);
    await first.dispose(); // the tab is closed
    expect(await serverMessages(buyer, conversation.id)).to.have.length(0);

    goOnline();
    const second = await startClient(buyer);
    expect(second.state.outbox.map((i) => i.body)).to.deep.equal(['written offline 1', 'written offline 2']);
    await until(second, (st) => st.outbox.length === 0, 'the reloaded page drains the outbox');
    const stored = await serverMessages(buyer, conversation.id);
    expect(stored.map((m) => [m.seq, m.body])).to.deep.equal([
      [1, 'written offline 1'],
      [2, 'written offline 2'],
    ]);
  });

  it('should drain messages typed offline in order and once when the connection returns', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online', 'online');
    goOffline();
    await until(b, (st) => st.status === 'offline', 'offline');
    const bodies = ['one', 'two', 'three', 'four', 'five'];
    for (const body of bodies) await b.send(conversation.id, body);
    expect(b.state.outbox).to.have.length(5);
    expect(await serverMessages(buyer, conversation.id)).to.have.length(0);

    goOnline();
    await until(b, (st) => st.status === 'online' && st.outbox.length === 0, 'drained');
    const stored = await serverMessages(buyer, conversation.id);
    expect(stored.map((m) => m.body)).to.deep.equal(bodies);
    expect(stored.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(b.state.threads[conversation.id]!.map((m) => m.body)).to.deep.equal(bodies);
  });

  it('should mark a permanently refused message failed and send the ones behind it', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    goOffline();
    const b = await startClient(buyer);
    const errors: string[] = [];
    b.on('error', (e) => errors.push(e.code));
    await b.send(conversation.id, 'before');
    await b.send(conversation.id, 'a reply to nothing', { replyTo: 'no-such-message' });
    await b.send(conversation.id, 'after');

    goOnline();
    await until(b, (st) => st.outbox.length === 1 && st.outbox[0]!.status === 'failed', 'only the refused one is left');
    expect(b.state.outbox[0]!.error?.code).to.equal('invalid');
    expect(errors).to.deep.equal(['invalid']);
    expect((await serverMessages(buyer, conversation.id)).map((m) => m.body)).to.deep.equal(['before', 'after']);

    // Retried without the bad reply target it would still fail; discarding removes it for good.
    await b.discard(b.state.outbox[0]!.clientId);
    expect(b.state.outbox).to.have.length(0);
  });

  it('should keep retrying a transient refusal and never skip the message', async function () {
    this.timeout(25_000);
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online', 'online');
    goOffline();
    // 22 messages: the server's burst is 20 per 10 s, so the last two are answered `rate_limited`.
    const bodies = Array.from({ length: 22 }, (_, i) => `m${i + 1}`);
    for (const body of bodies) await b.send(conversation.id, body);
    goOnline();
    await until(b, (st) => st.outbox.length === 0, 'drained after the rate limit', 15_000);
    expect((await serverMessages(buyer, conversation.id)).map((m) => m.body)).to.deep.equal(bodies);
  });

  it('should let only one of two clients of the same user drain the shared outbox', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    goOffline();
    const tab1 = await startClient(buyer);
    const tab2 = await startClient(buyer);
    // Every send either tab puts on the wire, in order: the server would hide a duplicate, this list would not.
    const requested = recordRequests(tab2, 'message:send', recordRequests(tab1, 'message:send'));
    await tab1.send(conversation.id, 'tab1 a');
    await tab2.send(conversation.id, 'tab2 a');
    await tab1.send(conversation.id, 'tab1 b');
    await tab2.send(conversation.id, 'tab2 b');

    goOnline();
    await until(tab1, (st) => st.status === 'online' && st.outbox.length === 0, 'tab 1 settled');
    await until(tab2, (st) => st.status === 'online' && st.outbox.length === 0, 'tab 2 settled');
    const stored = await serverMessages(buyer, conversation.id);
    expect(stored.map((m) => m.body)).to.deep.equal(['tab1 a', 'tab2 a', 'tab1 b', 'tab2 b']);
    const sentIds = requested.map((p) => (p as { clientId: string }).clientId);
    expect(sentIds, 'each message sent by one tab, once, in order').to.deep.equal(stored.map((m) => m.clientId));
    // Each tab shows the four messages once (a tab that first heard of the conversation live pages back).
    for (const tab of [tab1, tab2]) {
      await tab.loadConversation(conversation.id);
      expect(tab.state.threads[conversation.id]!.map((m) => m.body)).to.deep.equal(['tab1 a', 'tab2 a', 'tab1 b', 'tab2 b']);
    }
  });

  it('should refuse an empty or oversized message before queueing it', async () => {
    const b = await startClient(uid('buyer'));
    let code = '';
    await b.send('any', '   ').catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('invalid');
    code = '';
    await b.send('any', 'x'.repeat(4001)).catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('invalid');
    expect(b.state.outbox).to.have.length(0);
  });

  it('should work over long-polling, the fallback transport', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer, { transports: ['polling'] });
    await until(b, (st) => st.status === 'online', 'online over polling');
    await b.send(conversation.id, 'over polling');
    await until(b, (st) => st.outbox.length === 0, 'acknowledged');
    expect((await serverMessages(buyer, conversation.id)).map((m) => m.body)).to.deep.equal(['over polling']);
  });
});
