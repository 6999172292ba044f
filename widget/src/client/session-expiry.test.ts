// When the server ends a socket because its token expired, the client comes back with a fresh token and misses nothing.
import { expect } from '@open-wc/testing';
import { LIMITS } from '../../../protocol/index.ts';
import { conversationBetween, disposeClients, sendAs, startClient, tokenFor, uid, until } from '../../test/helpers.ts';
import type { ConnectionStatus } from './types.ts';

/** Records every text frame the page's WebSockets send from now on (the handshake's token is in them); `stop()` ends it. */
function recordFrames(): { frames: string[]; stop(): void } {
  const frames: string[] = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
    if (typeof data === 'string') frames.push(data);
    return send.call(this, data);
  };
  return { frames, stop: () => (WebSocket.prototype.send = send) };
}

describe('ParleyClient session expiry', () => {
  let recorder: ReturnType<typeof recordFrames> | null = null;
  afterEach(async () => {
    recorder?.stop();
    await disposeClients();
  });

  it('should reconnect with a fresh token when the server says its token expired, and catch up', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    // Accepted by the server for about two more seconds (its exp is past, within the clock skew).
    let current = await tokenFor(buyer, { expiresIn: 2 - LIMITS.tokenClockSkewSec });
    const expired = current;
    const asked: boolean[] = [];
    // Like a host getter that caches: the same token until told to refresh.
    const client = await startClient(buyer, {
      getToken: async (o) => {
        asked.push(Boolean(o?.forceRefresh));
        if (o?.forceRefresh) current = await tokenFor(buyer);
        return current;
      },
    });
    await until(client, (s) => s.status === 'online', 'online');
    recorder = recordFrames();
    const seen: ConnectionStatus[] = [];
    client.subscribe((s, prev) => {
      if (s.status === prev.status) return;
      seen.push(s.status);
      // Sent while the client is away: it must arrive all the same.
      if (s.status === 'connecting') void sendAs(seller, conversation.id, 'sent while away');
    });

    await until(client, (s) => seen.includes('connecting') && s.status === 'online', 'kicked at expiry, then back', 6000);
    expect(current).not.to.equal(expired);
    expect(asked.filter(Boolean)).to.have.length(1, 'one forced refresh');
    expect(recorder.frames.some((f) => f.includes(current))).to.equal(true, 'the fresh token went out');
    expect(recorder.frames.some((f) => f.includes(expired))).to.equal(false, 'the expired token was never offered again');
    await until(
      client,
      (s) => (s.threads[conversation.id] ?? []).some((m) => m.body === 'sent while away'),
      'the message sent meanwhile',
    );
    expect(seen).to.deep.equal(['connecting', 'online']);
  });
});
