// Per-user budgets (send, sync, history pages, conversation creation): past each, rate_limited with a retry delay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS, type Conversation, type SyncResult } from '../../protocol/index.ts';
import { request, startTestServer, type TestServer } from './testing/test-server.ts';

describe('per-user budgets', () => {
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
      const res = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
        clientId: `rl-${i}`,
        body: `n${i}`,
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, Array(20).fill(201));
    const limited = await t.api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      clientId: 'rl-20',
      body: 'one too many',
    });
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

  it('should give each user one sync budget across all their sockets, then rate_limited with retryAfterMs', async () => {
    const tabs = await Promise.all([t.connect('syncer'), t.connect('syncer'), t.connect('syncer')]);
    const codes: string[] = [];
    for (let i = 0; i < LIMITS.syncBurst; i++) {
      const ack = await request<SyncResult>(tabs[i % tabs.length]!, 'sync', { conversations: {} });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    assert.deepEqual(codes, Array(LIMITS.syncBurst).fill('ok'));
    const limited = await request<SyncResult>(tabs[0]!, 'sync', { conversations: {} });
    assert.equal(!limited.ok && limited.error.code, 'rate_limited');
    assert.ok(!limited.ok && limited.error.retryAfterMs! > 0 && limited.error.retryAfterMs! <= LIMITS.syncWindowMs);
    const fresh = await t.connect('syncer');
    const stillLimited = await request<SyncResult>(fresh, 'sync', { conversations: {} });
    assert.equal(!stillLimited.ok && stillLimited.error.code, 'rate_limited', 'a new socket does not bring a new budget');

    const other = await t.connect('bystander');
    assert.ok((await request<SyncResult>(other, 'sync', { conversations: {} })).ok, 'another user keeps theirs');
  });

  it('should answer 429 with Retry-After past the history-page budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.historyPageBurst; i++) {
      statuses.push((await t.api('alice', 'GET', `/api/v1/conversations/${conv.id}/messages?limit=1`)).status);
    }
    assert.deepEqual(statuses, Array(LIMITS.historyPageBurst).fill(200));
    const limited = await t.api('alice', 'GET', `/api/v1/conversations/${conv.id}/messages?limit=1`);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
    assert.equal((await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages?limit=1`)).status, 200);
  });

  it('should answer 429 with Retry-After past the conversation-creation budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.conversationCreateBurst; i++) {
      const res = await t.api('opener', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: `ad_open_${i}` } });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, Array(LIMITS.conversationCreateBurst).fill(201));
    const limited = await t.api('opener', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_open_more' } });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= LIMITS.conversationCreateWindowMs / 1000, `Retry-After ${retryAfter}`);
    const [count] = await t.db.sql`SELECT count(*)::int AS n FROM conversations WHERE buyer_id = 'opener'`;
    assert.equal(count!.n, LIMITS.conversationCreateBurst, 'nothing past the budget was created');
  });

  it('should disconnect a socket that keeps sending past rate_limited', { timeout: 10_000 }, async () => {
    const storm = await t.connect('stormer');
    const cut = new Promise<string>((resolve) => storm.once('disconnect', resolve));
    for (let i = 0; i < LIMITS.socketMaxRefusals + 60; i++) storm.emit('sync', { conversations: {} }, () => {});
    assert.equal(await cut, 'io server disconnect');
    await assert.rejects(
      t.connect('stormer'),
      (err: Error & { data?: { code?: string } }) => err.data?.code === 'rate_limited',
      'coming straight back is refused for a while',
    );
    assert.ok((await t.connect('bystander')).connected, 'others connect as usual');
  });
});
