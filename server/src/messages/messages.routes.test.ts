// REST routes for messages: idempotent send, pages, tombstones, blocks and reports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('message routes', () => {
  let t: TestServer;
  let conv: Conversation;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_1' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(() => t.close());

  const json = async <T>(res: Response) => (await res.json()) as T;
  const path = () => `/api/v1/conversations/${conv.id}/messages`;
  const send = (user: string, body: object) => t.api(user, 'POST', path(), body);

  it('should store a message (201), trimmed, and answer a repeated clientId with the original (200)', async () => {
    const first = await send('alice', { clientId: 'c-1', body: '  Is it still available?  ' });
    assert.equal(first.status, 201);
    const { message } = await json<{ message: Message }>(first);
    assert.equal(message.body, 'Is it still available?');
    assert.equal(message.senderId, 'alice');
    assert.equal(message.clientId, 'c-1');
    assert.equal(message.conversationId, conv.id);
    assert.equal(message.deletedAt, null);
    const again = await send('alice', { clientId: 'c-1', body: 'a different text' });
    assert.equal(again.status, 200);
    assert.deepEqual((await json<{ message: Message }>(again)).message, message);
    const count = await t.db.sql`SELECT count(*)::int AS n FROM messages WHERE client_id = 'c-1'`;
    assert.equal(count[0]!.n, 1);
  });

  it('should refuse reusing a clientId in another conversation with 409', async () => {
    const other = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'carol', listing: { id: 'ad_2' } });
    const { conversation } = await json<{ conversation: Conversation }>(other);
    const res = await t.api('alice', 'POST', `/api/v1/conversations/${conversation.id}/messages`, { clientId: 'c-1', body: 'x' });
    assert.equal(res.status, 409);
  });

  it('should page messages in seq order with before and after', async () => {
    for (let i = 2; i <= 6; i++) await send(i % 2 ? 'alice' : 'bob', { clientId: `p-${i}`, body: `message ${i}` });
    const all = await json<{ messages: Message[]; hasMore: boolean }>(await t.api('bob', 'GET', path()));
    assert.deepEqual(
      all.messages.map((m) => m.seq),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(all.hasMore, false);
    const latest = await json<{ messages: Message[]; hasMore: boolean }>(await t.api('bob', 'GET', `${path()}?limit=2`));
    assert.deepEqual(
      latest.messages.map((m) => m.seq),
      [5, 6],
    );
    assert.equal(latest.hasMore, true);
    const older = await json<{ messages: Message[]; hasMore: boolean }>(await t.api('bob', 'GET', `${path()}?before=5&limit=3`));
    assert.deepEqual(
      older.messages.map((m) => m.seq),
      [2, 3, 4],
    );
    assert.equal(older.hasMore, true);
    const newer = await json<{ messages: Message[]; hasMore: boolean }>(await t.api('bob', 'GET', `${path()}?after=4`));
    assert.deepEqual(
      newer.messages.map((m) => m.seq),
      [5, 6],
    );
    assert.equal(newer.hasMore, false);
  });

  it('should accept a reply to a message of the same conversation only', async () => {
    const page = await json<{ messages: Message[] }>(await t.api('bob', 'GET', path()));
    const target = page.messages[0]!;
    const ok = await send('bob', { clientId: 'r-1', body: 'Yes it is', replyTo: target.id });
    assert.equal(ok.status, 201);
    assert.equal((await json<{ message: Message }>(ok)).message.replyTo, target.id);
    const bad = await send('bob', { clientId: 'r-2', body: 'x', replyTo: 'no-such-message' });
    assert.equal(bad.status, 400);
  });

  it('should let the sender delete a message as a tombstone, and nobody else', async () => {
    const { message } = await json<{ message: Message }>(await send('alice', { clientId: 'd-1', body: 'oops' }));
    const notMine = await t.api('bob', 'DELETE', `/api/v1/messages/${message.id}`);
    assert.equal(notMine.status, 403);
    const stranger = await t.api('mallory', 'DELETE', `/api/v1/messages/${message.id}`);
    assert.equal(stranger.status, 404);
    assert.equal((await t.api('alice', 'DELETE', `/api/v1/messages/${message.id}`)).status, 204);
    assert.equal((await t.api('alice', 'DELETE', `/api/v1/messages/${message.id}`)).status, 204, 'deleting twice is harmless');
    const page = await json<{ messages: Message[] }>(await t.api('bob', 'GET', `${path()}?after=${message.seq - 1}`));
    const tomb = page.messages.find((m) => m.id === message.id)!;
    assert.equal(tomb.body, '');
    assert.ok(tomb.deletedAt);
    assert.equal(tomb.seq, message.seq);
  });

  it('should refuse messages from a blocked user with "blocked" until unblocked', async () => {
    assert.equal((await t.api('bob', 'POST', '/api/v1/users/alice/block')).status, 204);
    const refused = await send('alice', { clientId: 'b-1', body: 'hello?' });
    assert.equal(refused.status, 403);
    assert.equal((await json<{ error: { code: string } }>(refused)).error.code, 'blocked');
    // The blocker can still write.
    assert.equal((await send('bob', { clientId: 'b-2', body: 'bye' })).status, 201);
    assert.equal((await t.api('bob', 'DELETE', '/api/v1/users/alice/block')).status, 204);
    assert.equal((await send('alice', { clientId: 'b-1', body: 'hello?' })).status, 201);
    assert.equal((await t.api('bob', 'POST', '/api/v1/users/bob/block')).status, 400, 'blocking yourself');
  });

  it('should file reports about a conversation or one of its messages', async () => {
    const page = await json<{ messages: Message[] }>(await t.api('bob', 'GET', path()));
    const res = await t.api('bob', 'POST', '/api/v1/reports', {
      conversationId: conv.id,
      messageId: page.messages[0]!.id,
      reason: 'spam',
    });
    assert.equal(res.status, 201);
    const { report } = await json<{ report: { id: string } }>(res);
    const rows = await t.db.sql`SELECT reporter_id, reason, message_id FROM reports WHERE id = ${report.id}`;
    assert.deepEqual(rows[0], { reporter_id: 'bob', reason: 'spam', message_id: page.messages[0]!.id });
    const badMessage = await t.api('bob', 'POST', '/api/v1/reports', {
      conversationId: conv.id,
      messageId: 'nope',
      reason: 'spam',
    });
    assert.equal(badMessage.status, 404);
    const noReason = await t.api('bob', 'POST', '/api/v1/reports', { conversationId: conv.id, reason: '   ' });
    assert.equal(noReason.status, 400);
  });
});
