// U+0000 and unpaired surrogates in any string a caller sends: `invalid` (400 / ack), never a database error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';

const NUL = '\u0000';
const LONE_HIGH = '\ud83d';
const LONE_LOW = '\ude00';

describe('unstorable text', () => {
  let t: TestServer;
  let conv: Conversation;
  let stored: Message;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('nul_b', 'POST', '/api/v1/conversations', { sellerId: 'nul_s', listing: { id: 'ad_nul' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
    const sent = await t.api('nul_b', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'kept', body: 'kept' });
    stored = ((await sent.json()) as { message: Message }).message;
  });
  after(() => t.close());

  /** Asserts a REST answer is 400 `invalid` with a readable message and no stack trace or database error. */
  async function assertInvalid(res: Response, what: string) {
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(res.status, 400, `${what}: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, 'invalid', what);
    assert.doesNotMatch(body.error.message, /\n\s+at |postgres|byte sequence|22021|22P05/i, what);
  }

  for (const [label, bad] of [
    ['U+0000', `a${NUL}b`],
    ['a lone high surrogate', `a${LONE_HIGH}`],
    ['a lone low surrogate', `${LONE_LOW}b`],
  ] as const) {
    it(`should answer invalid to ${label} in every REST body field`, async () => {
      const path = `/api/v1/conversations/${conv.id}/messages`;
      const bodies: Array<[string, string, string, unknown]> = [
        ['body', 'POST', path, { clientId: `c-${label}`, body: `hello ${bad}` }],
        ['clientId', 'POST', path, { clientId: bad, body: 'hello' }],
        ['replyTo', 'POST', path, { clientId: `r-${label}`, body: 'hello', replyTo: bad }],
        ['sellerId', 'POST', '/api/v1/conversations', { sellerId: bad, listing: { id: 'ad_x' } }],
        ['listing.id', 'POST', '/api/v1/conversations', { sellerId: 'nul_s', listing: { id: bad } }],
        ['listing.title', 'POST', '/api/v1/conversations', { sellerId: 'nul_s', listing: { id: 'ad_t', title: bad } }],
        ['listing.price', 'POST', '/api/v1/conversations', { sellerId: 'nul_s', listing: { id: 'ad_p', price: bad } }],
        ['listing.url', 'POST', '/api/v1/conversations', { sellerId: 'nul_s', listing: { id: 'ad_u', url: `/ads/${bad}` } }],
        ['report reason', 'POST', '/api/v1/reports', { conversationId: conv.id, reason: bad }],
        ['report conversationId', 'POST', '/api/v1/reports', { conversationId: bad, reason: 'spam' }],
        ['report messageId', 'POST', '/api/v1/reports', { conversationId: conv.id, messageId: bad, reason: 'spam' }],
      ];
      // Opening conversations spends a per-user budget (10 a minute) before the input is read: each
      // label's attempts come from a buyer of their own so that the budget never answers first.
      const opener = `nul_opener_${label.replace(/\W/g, '_')}`;
      for (const [what, method, p, body] of bodies) {
        await assertInvalid(await t.api(p === '/api/v1/conversations' ? opener : 'nul_b', method, p, body), what);
      }
    });
  }

  it('should answer invalid to U+0000 in path ids and queries', async () => {
    for (const path of [
      '/api/v1/conversations/a%00b',
      '/api/v1/conversations/a%00b/messages',
      '/api/v1/conversations?listing=ad%00x',
    ]) {
      await assertInvalid(await t.api('nul_b', 'GET', path), path);
    }
    for (const [method, path, body] of [
      ['DELETE', '/api/v1/messages/m%00', undefined],
      ['DELETE', '/api/v1/conversations/c%00', undefined],
      ['POST', '/api/v1/users/u%00/block', undefined],
      ['DELETE', '/api/v1/users/u%00/block', undefined],
      ['POST', '/api/v1/conversations/c%00/read', { seq: 1 }],
      ['POST', '/api/v1/conversations/c%00/messages', { clientId: 'x', body: 'y' }],
    ] as const) {
      await assertInvalid(await t.api('nul_b', method, path, body), `${method} ${path}`);
    }
  });

  it('should ack invalid to U+0000 and lone surrogates in socket payloads, and keep the socket', async () => {
    const s = await t.connect('nul_b');
    const cases: Array<[string, string, unknown]> = [
      ['body', 'message:send', { conversationId: conv.id, clientId: 's1', body: `x${NUL}` }],
      ['body surrogate', 'message:send', { conversationId: conv.id, clientId: 's2', body: `x${LONE_HIGH}` }],
      ['clientId', 'message:send', { conversationId: conv.id, clientId: `s3${NUL}`, body: 'x' }],
      ['conversationId', 'message:send', { conversationId: `${conv.id}${NUL}`, clientId: 's4', body: 'x' }],
      ['messageId', 'message:delete', { messageId: `m${NUL}` }],
      ['read conversationId', 'conversation:read', { conversationId: `c${LONE_LOW}`, seq: 1 }],
      ['sync key', 'sync', { conversations: { [`c${NUL}`]: 0 } }],
    ];
    for (const [what, event, payload] of cases) {
      const ack = await request(s, event as 'sync', payload);
      assert.equal(!ack.ok && ack.error.code, 'invalid', what);
    }
    s.emit('typing', { conversationId: `c${NUL}`, typing: true });
    const ok = await request<{ messages: Message[] }>(s, 'sync', { conversations: { [conv.id]: 0 } });
    assert.ok(ok.ok, 'still connected and answering');
    assert.deepEqual(
      ok.data.messages.map((m) => m.id),
      [stored.id],
      'nothing stored by the refused sends',
    );
    s.disconnect();
  });
});
