// Deep REST bodies are refused on their text before parsing; NUL characters are `invalid`, never an internal error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation } from '../../../protocol/index.ts';
import { deepArrayJson, deepObjectJson } from '../testing/raw-frames.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';

describe('body shape on REST and socket', () => {
  let t: TestServer;
  let conv: Conversation;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_shape' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(() => t.close());

  const error = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
  const postRoutes = () => [
    '/api/v1/conversations',
    `/api/v1/conversations/${conv.id}/messages`,
    `/api/v1/conversations/${conv.id}/read`,
    '/api/v1/reports',
  ];

  it('should answer 400 "nested deeper than 32 levels" to a deep body on every JSON route', async () => {
    for (const path of postRoutes()) {
      for (const body of [
        deepArrayJson(5000),
        deepObjectJson(33),
        `{"clientId":"d","body":"x","replyTo":${deepArrayJson(40)}}`,
      ]) {
        const res = await t.api('alice', 'POST', path, body);
        assert.equal(res.status, 400, path);
        assert.match((await error(res)).message, /nested deeper than 32 levels/, path);
      }
    }
    // 32 levels is still read (and then judged by the route's schema).
    const res = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/read`, deepObjectJson(32));
    assert.doesNotMatch((await error(res)).message, /nested/);
  });

  it('should answer 400 invalid, not 500, to a NUL character in a body, a path or a query', async () => {
    const cases: Array<[string, string, string?]> = [
      ['POST', '/api/v1/conversations', '{"sellerId":"bob","listing":{"id":"a\\u0000b"}}'],
      ['POST', '/api/v1/conversations', '{"sellerId":"bob","listing":{"id":"ok","title":"x\\u0000"}}'],
      ['POST', `/api/v1/conversations/${conv.id}/messages`, '{"clientId":"n1","body":"a\\u0000b"}'],
      ['POST', '/api/v1/reports', `{"conversationId":"${conv.id}","reason":"\\u0000"}`],
      ['GET', '/api/v1/conversations/a%00b'],
      ['DELETE', '/api/v1/messages/a%00b'],
      ['POST', '/api/v1/users/a%00b/block'],
      ['GET', '/api/v1/conversations?listing=a%00b'],
    ];
    for (const [method, path, body] of cases) {
      const res = await t.api('alice', method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${body ?? ''}`);
      assert.equal((await error(res)).code, 'invalid');
    }
  });

  it('should answer invalid, not internal, to a NUL character in a socket payload', async () => {
    const s = await t.connect('alice');
    const ack = await request(s, 'message:send', { conversationId: conv.id, clientId: 'n2', body: 'a\u0000b' });
    assert.equal(!ack.ok && ack.error.code, 'invalid');
    const ok = await request(s, 'message:send', { conversationId: conv.id, clientId: 'n3', body: 'fine' });
    assert.ok(ok.ok);
    s.disconnect();
  });
});
