// Bad input on REST and socket: a clear error code every time, never a crash, nothing stored lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';

describe('bad input', () => {
  let t: TestServer;
  let conv: Conversation;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_bad' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
    await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      clientId: 'keep-me',
      body: 'stored before the storm',
    });
  });
  after(() => t.close());

  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  const badSends: Array<[string, unknown, string]> = [
    ['an empty body', { clientId: 'e1', body: '   ' }, 'invalid'],
    ['a 4,001-character body', { clientId: 'e2', body: 'x'.repeat(4001) }, 'invalid'],
    ['a body that is a number', { clientId: 'e3', body: 5 }, 'invalid'],
    ['a clientId that is a number', { clientId: 7, body: 'hi' }, 'invalid'],
    ['a 129-character clientId', { clientId: 'c'.repeat(129), body: 'hi' }, 'invalid'],
    ['an unknown key', { clientId: 'e4', body: 'hi', admin: true }, 'invalid'],
    ['a __proto__ key', '{"clientId":"e5","body":"hi","__proto__":{"admin":true}}', 'invalid'],
    ['malformed JSON', '{"clientId": "e6", "body": ', 'invalid'],
    ['an array', '[1,2]', 'invalid'],
    ['a 70 KB payload', { clientId: 'e7', body: 'y'.repeat(70 * 1024) }, 'payload_too_large'],
  ];

  for (const [name, body, code] of badSends) {
    it(`should answer ${code} to ${name} on REST`, async () => {
      const res = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, body);
      const error = await errorCode(res);
      assert.equal(error.code, code);
      assert.equal(res.status, code === 'invalid' ? 400 : 413);
      assert.ok(error.message.length > 3, 'a readable message');
    });
    if (typeof body === 'string') continue; // socket payloads are structured, not raw JSON text
    it(`should answer ${code} to ${name} on the socket`, async () => {
      const s = await t.connect('alice');
      const ack = await request(s, 'message:send', { conversationId: conv.id, ...(body as object) });
      assert.equal(!ack.ok && ack.error.code, code);
      s.disconnect();
    });
  }

  it('should accept exactly 4,000 characters (emoji counted once each)', async () => {
    const body = '😀'.repeat(4000);
    const res = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'max', body });
    assert.equal(res.status, 201);
  });

  it('should refuse a __proto__ key in a socket payload', async () => {
    const s = await t.connect('alice');
    const payload = JSON.parse(`{"conversationId":"${conv.id}","clientId":"p1","body":"hi","__proto__":{"x":1}}`);
    const ack = await request(s, 'message:send', payload);
    assert.equal(!ack.ok && ack.error.code, 'invalid');
    s.disconnect();
  });

  it('should answer unknown events, missing payloads and wrong shapes on the socket without dropping it', async () => {
    const s = await t.connect('alice');
    const unknown = await request(s, 'message:edit' as 'sync', { id: 1 });
    assert.equal(!unknown.ok && unknown.error.code, 'invalid');
    const missing = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      (s.emit as Function)('message:send', resolve),
    );
    assert.equal(missing.error?.code, 'invalid');
    for (const bad of ['text', 42, [], { conversationId: conv.id }, { conversationId: 5, clientId: 'a', body: 'b' }]) {
      const ack = await request(s, 'message:send', bad);
      assert.equal(!ack.ok && ack.error.code, 'invalid', JSON.stringify(bad));
    }
    for (const bad of [
      { conversationId: conv.id, seq: -1 },
      { conversationId: conv.id, seq: 1.5 },
      { conversationId: conv.id, seq: '2' },
    ]) {
      const ack = await request(s, 'conversation:read', bad);
      assert.equal(!ack.ok && ack.error.code, 'invalid', JSON.stringify(bad));
    }
    s.emit('message:send' as 'typing', { conversationId: conv.id, clientId: 'no-ack', body: 'nobody to answer' } as never);
    s.emit('typing', { conversationId: 123, typing: 'yes' } as never);
    const ok = await request<Message>(s, 'message:send', {
      conversationId: conv.id,
      clientId: 'after-storm',
      body: 'still works',
    });
    assert.ok(ok.ok, 'the socket still works');
    assert.ok(s.connected);
    const [noAck] = await t.db.sql`SELECT count(*)::int AS n FROM messages WHERE client_id = 'no-ack'`;
    assert.equal(noAck!.n, 0, 'a request without an ack is not processed');
    s.disconnect();
  });

  it('should refuse bad path ids and queries on REST', async () => {
    assert.equal((await t.api('alice', 'GET', `/api/v1/conversations/${'z'.repeat(129)}`)).status, 400);
    assert.equal((await t.api('alice', 'GET', '/api/v1/conversations?limit=0')).status, 400);
    assert.equal((await t.api('alice', 'GET', '/api/v1/conversations?limit=1000')).status, 400);
    assert.equal((await t.api('alice', 'GET', '/api/v1/conversations?before=abc')).status, 400);
    assert.equal((await t.api('alice', 'GET', `/api/v1/conversations/${conv.id}/messages?after=-3`)).status, 400);
    assert.equal((await t.api('alice', 'GET', '/api/v1/conversations?evil=1')).status, 400);
    const badListing = await t.api('alice', 'POST', '/api/v1/conversations', {
      sellerId: 'bob',
      listing: { id: 'x', url: 'javascript:alert(1)' },
    });
    assert.equal(badListing.status, 400);
    for (const url of ['//evil.test/x', '/\\evil.test']) {
      const offSite = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'y', url } });
      assert.equal(offSite.status, 400, url);
    }
    assert.equal((await t.api('alice', 'GET', '/api/v1/nope')).status, 404);
  });

  it('should have lost nothing stored before the bad input', async () => {
    const res = await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`);
    const { messages } = (await res.json()) as { messages: Message[] };
    assert.equal(messages[0]!.clientId, 'keep-me');
    assert.equal(messages[0]!.body, 'stored before the storm');
  });
});
