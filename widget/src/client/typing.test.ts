// The client's own typing throttle, apart from the server's: what reaches the connection, and when.
import { expect } from '@open-wc/testing';
import { disposeClients, startClient, uid } from '../../test/helpers.ts';
import { TYPING_THROTTLE_MS } from './message-actions.ts';
import type { ParleyClient } from './parley-client.ts';

/** Records what the client hands to its connection's `typing()` instead of sending it. */
function recordTyping(client: ParleyClient): [string, boolean][] {
  const sent: [string, boolean][] = [];
  const connection = (client as unknown as { connection: { typing(id: string, typing: boolean): void } }).connection;
  connection.typing = (id, typing) => void sent.push([id, typing]);
  return sent;
}

describe('typing throttle (client)', () => {
  const realNow = Date.now;
  let now = 1_000_000;
  beforeEach(() => {
    Date.now = () => now;
  });
  afterEach(async () => {
    Date.now = realNow;
    await disposeClients();
  });

  it('should send one start per conversation and interval, each stop once, and a start again after a stop', async () => {
    const client = await startClient(uid('typist'));
    const sent = recordTyping(client);

    for (let i = 0; i < 5; i++) client.setTyping('c1', true);
    client.setTyping('c2', true);
    expect(sent).to.deep.equal([
      ['c1', true],
      ['c2', true],
    ]);

    now += TYPING_THROTTLE_MS - 1;
    client.setTyping('c1', true);
    expect(sent.length, 'still within the interval').to.equal(2);
    now += 1;
    client.setTyping('c1', true);
    expect(sent.at(-1)).to.deep.equal(['c1', true]);

    client.setTyping('c1', false);
    client.setTyping('c1', false);
    expect(sent.filter(([id, typing]) => id === 'c1' && !typing).length, 'one stop').to.equal(1);
    client.setTyping('c1', true);
    expect(sent.at(-1), 'a start right after a stop').to.deep.equal(['c1', true]);
  });

  it('should send a stop when the message is sent, and none for a conversation never typed in', async () => {
    const client = await startClient(uid('typist'));
    const sent = recordTyping(client);
    client.setTyping('c3', false);
    expect(sent).to.deep.equal([]);
    client.setTyping('c3', true);
    await client.send('c3', 'hello').catch(() => undefined);
    expect(sent).to.deep.equal([
      ['c3', true],
      ['c3', false],
    ]);
  });
});
