// Catch-up after a disconnect: `sync` returns exactly what was missed, in order, and what is new.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message, SyncResult } from '../../../protocol/index.ts';
import { LIMITS } from '../../../protocol/index.ts';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { SendRateLimiter } from '../rate-limit.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';

describe('sync', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ limiter: new SendRateLimiter(new RateLimiterMemory({ points: 10_000, duration: 10 })) });
  });
  after(() => t.close());

  async function contact(buyer: string, seller: string, listingId: string) {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: listingId } });
    return ((await res.json()) as { conversation: Conversation }).conversation;
  }
  const send = (user: string, conversationId: string, clientId: string) =>
    t.server.services.messages.send(
      { siteId: t.site.id, userId: user },
      { conversationId, clientId, body: clientId, replyTo: null },
    );

  it('should return exactly the messages missed while disconnected, in order, and new conversations', async () => {
    const known = await contact('bob', 'alice', 'ad_known');
    await send('bob', known.id, 'k-1');
    await send('alice', known.id, 'k-2');

    const alice = await t.connect('alice');
    const before = await request<SyncResult>(alice, 'sync', { conversations: {} });
    assert.ok(before.ok);
    assert.deepEqual(
      before.data.conversations.map((c) => c.id),
      [known.id],
    );
    const lastSeq = before.data.conversations[0]!.lastSeq;
    assert.equal(lastSeq, 2);
    alice.disconnect();

    // While alice is away: three messages in the known conversation, and a new conversation.
    for (let i = 1; i <= 3; i++) await send('bob', known.id, `missed-${i}`);
    const fresh = await contact('carol', 'alice', 'ad_fresh');
    await send('carol', fresh.id, 'fresh-1');
    const deletedWhileAway = (await t
      .api('alice', 'GET', `/api/v1/conversations/${known.id}/messages`)
      .then((r) => r.json())) as { messages: Message[] };
    await t.api('alice', 'DELETE', `/api/v1/messages/${deletedWhileAway.messages[1]!.id}`);

    const again = await t.connect('alice');
    const ack = await request<SyncResult>(again, 'sync', { conversations: { [known.id]: lastSeq } });
    assert.ok(ack.ok);
    assert.deepEqual(
      ack.data.messages.map((m) => [m.conversationId, m.seq, m.body]),
      [
        [known.id, 3, 'missed-1'],
        [known.id, 4, 'missed-2'],
        [known.id, 5, 'missed-3'],
      ],
    );
    assert.equal(ack.data.hasMore, false);
    const ids = ack.data.conversations.map((c) => c.id).sort();
    assert.deepEqual(ids, [known.id, fresh.id].sort(), 'the new conversation and the known one');
    assert.equal(ack.data.conversations.find((c) => c.id === fresh.id)!.unread, 1);
    assert.deepEqual(ack.data.deleted, [{ conversationId: known.id, messageId: deletedWhileAway.messages[1]!.id, seq: 2 }]);
  });

  it('should cut a large catch-up into pages that keep each conversation contiguous', async () => {
    const conv = await contact('pager_b', 'pager_s', 'ad_pages');
    const total = LIMITS.syncMaxMessages + 20;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, j) => send('pager_b', conv.id, `pg-${i + j}`)));
    }
    const s = await t.connect('pager_s');
    let position = 0;
    let pages = 0;
    for (;;) {
      const ack = await request<SyncResult>(s, 'sync', { conversations: { [conv.id]: position } });
      assert.ok(ack.ok);
      pages++;
      for (const m of ack.data.messages) {
        assert.equal(m.seq, position + 1);
        position = m.seq;
      }
      if (!ack.data.hasMore) break;
    }
    assert.equal(position, total);
    assert.equal(pages, 2);
  });

  it('should skip named conversations that are not the caller’s, answer the rest, and list them as gone', async () => {
    const mine = await contact('gone_b', 'gone_s', 'ad_gone_mine');
    await send('gone_b', mine.id, 'g-1');
    await send('gone_s', mine.id, 'g-2');
    const theirs = await contact('gone_x', 'gone_y', 'ad_gone_theirs');
    await send('gone_x', theirs.id, 'not for gone_b');

    const b = await t.connect('gone_b');
    const ack = await request<SyncResult>(b, 'sync', {
      conversations: { [theirs.id]: 0, [mine.id]: 1, no_such_conversation: 3 },
    });
    assert.ok(ack.ok, JSON.stringify(ack));
    assert.deepEqual(ack.data.gone.sort(), [theirs.id, 'no_such_conversation'].sort());
    assert.deepEqual(
      ack.data.messages.map((m) => [m.conversationId, m.body]),
      [[mine.id, 'g-2']],
      'nothing of the stranger’s conversation',
    );
    assert.deepEqual(
      ack.data.conversations.map((c) => c.id),
      [mine.id],
    );
    assert.deepEqual(ack.data.deleted, []);

    const clean = await request<SyncResult>(b, 'sync', { conversations: { [mine.id]: 2 } });
    assert.ok(clean.ok);
    assert.deepEqual(clean.data.gone, []);
  });

  it('should refuse a malformed sync', async () => {
    const s = await t.connect('alice');
    for (const bad of [{}, { conversations: { x: -1 } }, { conversations: { x: 'one' } }, { conversations: [] }, null]) {
      const ack = await request(s, 'sync', bad);
      assert.equal(!ack.ok && ack.error.code, 'invalid', JSON.stringify(bad));
    }
  });
});
