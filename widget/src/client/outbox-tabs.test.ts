// Three tabs of one user with queued messages; the tab draining the outbox closes mid-drain: every message arrives once.
import { expect } from '@open-wc/testing';
import type { Connection } from './connection.ts';
import type { ParleyClient } from './parley-client.ts';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  serverMessages,
  startClient,
  uid,
  until,
} from '../../test/helpers.ts';

/** Calls `onSend(tab)` each time `tab` puts a message:send on the wire (the tab holding the outbox lock). */
function watchSends(tab: ParleyClient, onSend: (tab: ParleyClient) => void, sent: string[]): void {
  const connection = (tab as unknown as { connection: Connection }).connection;
  const request = connection.request.bind(connection);
  connection.request = (name, payload, timeoutMs) => {
    if (name === 'message:send') {
      sent.push((payload as { clientId: string }).clientId);
      onSend(tab);
    }
    return request(name, payload, timeoutMs);
  };
}

describe('ParleyClient outbox across three tabs', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should deliver every queued message once, in order, when the draining tab closes mid-drain', async () => {
    const buyer = uid('buyer');
    const conversation = await conversationBetween(buyer, uid('seller'));
    goOffline();
    const tabs = [await startClient(buyer), await startClient(buyer), await startClient(buyer)];
    const bodies: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, tab] of tabs.entries()) {
        bodies.push(`tab${i} #${round}`);
        await tab.send(conversation.id, `tab${i} #${round}`);
      }
    }
    // The first tab to send holds the Web Lock: it closes (dispose, as a closed tab) after its second send.
    const sent: string[] = [];
    let drainer: ParleyClient | null = null;
    let sends = 0;
    const closing: { done: Promise<void> | null } = { done: null };
    for (const tab of tabs) {
      watchSends(
        tab,
        (t) => {
          drainer ??= t;
          if (t === drainer && ++sends === 2) closing.done = Promise.resolve().then(() => t.dispose());
        },
        sent,
      );
    }
    goOnline();
    await until(tabs[0]!, () => closing.done !== null, 'the draining tab sent twice');
    await closing.done;
    const survivors = tabs.filter((t) => t !== drainer);
    expect(survivors).to.have.length(2);
    for (const tab of survivors)
      await until(tab, (st) => st.status === 'online' && st.outbox.length === 0, 'outbox drained', 30_000);

    const stored = await serverMessages(buyer, conversation.id);
    console.log(
      `three tabs: queued ${bodies.length}, sends on the wire ${sent.length} (${sent.length - new Set(sent).size} repeated), ` +
        `stored ${stored.length}, duplicates ${stored.length - new Set(stored.map((m) => m.clientId)).size}`,
    );
    expect(stored.map((m) => m.body)).to.deep.equal(bodies, 'every message once, in queue order');
    expect(stored.map((m) => m.seq)).to.deep.equal(bodies.map((_, i) => i + 1));
  });
});
