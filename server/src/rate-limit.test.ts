// The send limit: 20 messages per 10 s per user, then rate_limited with a retry delay, on both transports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation } from '../../protocol/index.ts';
import { request, startTestServer, type TestServer } from './testing/test-server.ts';

describe('send rate limit', () => {
  let t: TestServer;
  let conv: Conversation;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_rl' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(() => t.close());

  it('should allow a burst of 20, then answer 429 with Retry-After on REST and rate_limited on the socket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: `rl-${i}`, body: `n${i}` });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, Array(20).fill(201));
    const limited = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'rl-20', body: 'one too many' });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After ${retryAfter}`);
    const body = (await limited.json()) as { error: { code: string; retryAfterMs: number } };
    assert.equal(body.error.code, 'rate_limited');
    assert.ok(body.error.retryAfterMs > 0 && body.error.retryAfterMs <= 10_000);

    const s = await t.connect('alice');
    const ack = await request(s, 'message:send', { conversationId: conv.id, clientId: 'rl-21', body: 'socket too' });
    assert.equal(!ack.ok && ack.error.code, 'rate_limited');
    assert.ok(!ack.ok && ack.error.retryAfterMs! > 0);
    const [count] = await t.db.sql`SELECT count(*)::int AS n FROM messages WHERE sender_id = 'alice'`;
    assert.equal(count!.n, 20, 'nothing past the limit was stored');

    // The limit is per user: the other party is not affected.
    const bob = await t.api('bob', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'bob-1', body: 'hi' });
    assert.equal(bob.status, 201);
    s.disconnect();
  });
});
