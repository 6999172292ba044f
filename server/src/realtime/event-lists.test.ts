// The protocol's event lists and the server agree: every listed request is answered, an unlisted one is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLIENT_REQUESTS } from '../../../protocol/index.ts';
import { request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';

/** A request's ack, or a failure when none comes: a listed request without a handler is never answered. */
async function answered(socket: ClientSocket, event: string, payload: unknown) {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
  });
  try {
    return await Promise.race([request(socket, event as 'sync', payload), silence]);
  } finally {
    clearTimeout(timer);
  }
}

describe('client event lists', () => {
  let t: TestServer;
  let socket: ClientSocket;
  before(async () => {
    t = await startTestServer();
    socket = await t.connect('lister');
  });
  after(() => t.close());

  for (const event of CLIENT_REQUESTS) {
    it(`should answer ${event}, a listed request, through its handler`, async () => {
      const ack = await answered(socket, event, { conversationId: 'none', messageId: 'none' });
      if (!ack.ok) assert.doesNotMatch(ack.error.message, /Unknown event/);
    });
  }

  it('should refuse an event that is not listed', async () => {
    const ack = await answered(socket, 'message:edit', { messageId: 'none' });
    assert.equal(ack.ok, false);
    assert.ok(!ack.ok && ack.error.code === 'invalid' && /Unknown event/.test(ack.error.message));
  });
});
