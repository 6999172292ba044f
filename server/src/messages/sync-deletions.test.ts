// The sync deletion cursor: only deletions not heard of come back, and none committing mid-sync is lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Conversation, Message, SyncResult } from '../../../protocol/index.ts';
import { LIMITS } from '../../../protocol/index.ts';
import type { Sql } from '../db/sql.ts';
import { SendRateLimiter } from '../rate-limit.ts';
import { request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';
import { cutAt, formatSnapshot, parseSnapshot } from './deletion-cursor.ts';
import { MessagesRepository } from './messages.repository.ts';

describe('sync deletion cursor', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ limiter: new SendRateLimiter(new RateLimiterMemory({ points: 10_000, duration: 10 })) });
  });
  after(() => t.close());

  const caller = (userId: string) => ({ siteId: t.site.id, userId });
  async function conversationWith(
    buyer: string,
    seller: string,
    count: number,
  ): Promise<{ conv: Conversation; messages: Message[] }> {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: `ad_${buyer}` } });
    const conv = ((await res.json()) as { conversation: Conversation }).conversation;
    const messages: Message[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) =>
        t.server.services.messages.send(caller(buyer), {
          conversationId: conv.id,
          clientId: `${buyer}-${i + j}`,
          body: `m${i + j}`,
          replyTo: null,
        }),
      );
      messages.push(...(await Promise.all(batch)).map((r) => r.message));
    }
    return { conv, messages: messages.sort((a, b) => a.seq - b.seq) };
  }
  async function sync(socket: ClientSocket, conversations: Record<string, number>, deletedCursor?: string): Promise<SyncResult> {
    const ack = await request<SyncResult>(socket, 'sync', {
      conversations,
      ...(deletedCursor === undefined ? {} : { deletedCursor }),
    });
    assert.ok(ack.ok, JSON.stringify(ack));
    return ack.data;
  }
  const ids = (r: SyncResult) => r.deleted.map((d) => d.messageId).sort();

  it('should send only the deletions made since the cursor it issued, and all of them without one', async () => {
    const { conv, messages } = await conversationWith('cur_b', 'cur_s', 3);
    const s = await t.connect('cur_s');
    const at = { [conv.id]: 3 };
    const first = await sync(s, at);
    assert.deepEqual(first.deleted, []);
    assert.match(first.deletedCursor, /^\d+:\d+:[\d,]*$/);

    await t.server.services.messages.delete(caller('cur_b'), messages[0]!.id);
    const second = await sync(s, at, first.deletedCursor);
    assert.deepEqual(second.deleted, [{ conversationId: conv.id, messageId: messages[0]!.id, seq: 1 }]);
    const third = await sync(s, at, second.deletedCursor);
    assert.deepEqual(third.deleted, [], 'nothing new: nothing re-sent');

    await t.server.services.messages.delete(caller('cur_b'), messages[1]!.id);
    assert.deepEqual(ids(await sync(s, at, third.deletedCursor)), [messages[1]!.id]);
    // Without a cursor, or with one this database cannot have issued: every tombstone, as before.
    const all = [messages[0]!.id, messages[1]!.id].sort();
    assert.deepEqual(ids(await sync(s, at)), all);
    assert.deepEqual(ids(await sync(s, at, '1:18446744073709551615:')), all);
  });

  it('should send a deletion that was committing while the previous sync ran', async () => {
    const { conv, messages } = await conversationWith('race_b', 'race_s', 2);
    const s = await t.connect('race_s');
    const at = { [conv.id]: 2 };
    const start = await sync(s, at);
    let during: SyncResult | null = null;
    // The deletion's transaction began (and has its deleted_at) before the sync, and commits after it.
    await t.db.sql.begin(async (tx) => {
      await new MessagesRepository(tx as unknown as Sql).tombstone(caller('race_b'), messages[0]!.id);
      // A later transaction commits meanwhile: "the newest committed" is now past the deletion's.
      await conversationWith('race_other', 'race_s', 1);
      during = await sync(s, at, start.deletedCursor);
    });
    assert.deepEqual(during!.deleted, [], 'not committed yet: invisible to that sync');
    assert.deepEqual(ids(await sync(s, at, during!.deletedCursor)), [messages[0]!.id]);
  });

  it('should neither hold back nor keep re-sending deletions while an older transaction stays open', async () => {
    const { conv, messages } = await conversationWith('long_b', 'long_s', 2);
    const s = await t.connect('long_s');
    const at = { [conv.id]: 2 };
    await t.db.sql.begin(async (tx) => {
      // An unrelated write transaction, older than the deletion, open for the whole exchange.
      await tx`UPDATE users SET last_seen_at = now() WHERE site_id = ${t.site.id} AND id = 'long_b'`;
      const start = await sync(s, at);
      await t.server.services.messages.delete(caller('long_b'), messages[1]!.id);
      const next = await sync(s, at, start.deletedCursor);
      assert.deepEqual(ids(next), [messages[1]!.id]);
      assert.deepEqual(ids(await sync(s, at, next.deletedCursor)), []);
    });
  });

  it('should page through more deletions than one answer holds, losing none', async () => {
    const total = LIMITS.syncMaxMessages + 20;
    const { conv, messages } = await conversationWith('many_b', 'many_s', total);
    const s = await t.connect('many_s');
    const at = { [conv.id]: total };
    const start = await sync(s, at);
    for (let i = 0; i < total; i += 50) {
      await Promise.all(messages.slice(i, i + 50).map((m) => t.server.services.messages.delete(caller('many_b'), m.id)));
    }
    const page1 = await sync(s, at, start.deletedCursor);
    assert.equal(page1.deleted.length, LIMITS.syncMaxMessages);
    assert.equal(page1.hasMore, true);
    const page2 = await sync(s, at, page1.deletedCursor);
    assert.equal(page2.hasMore, false);
    const seen = new Set([...ids(page1), ...ids(page2)]);
    assert.equal(seen.size, total);
    assert.deepEqual(ids(await sync(s, at, page2.deletedCursor)), []);
  });

  it('should cut a cursor at a transaction so that it shows nothing at or after it', () => {
    const s = parseSnapshot('100:120:105,110,115')!;
    assert.equal(formatSnapshot(cutAt(s, 112n)), '100:112:105,110');
    assert.equal(formatSnapshot(cutAt(s, 90n)), '90:90:');
    assert.equal(formatSnapshot(cutAt(s, 130n)), '100:120:105,110,115');
  });

  it('should refuse a cursor it cannot have issued', async () => {
    const s = await t.connect('cur_s');
    for (const bad of [
      'abc',
      5,
      '-1',
      '12',
      '0:1:',
      '2:1:',
      '5:10:8,6',
      '5:10:11',
      '1:18446744073709551616:',
      `1:${'9'.repeat(21)}:`,
      `1:2:${'1,'.repeat(5000)}1`,
      '',
    ]) {
      const ack = await request(s, 'sync', { conversations: {}, deletedCursor: bad });
      assert.equal(!ack.ok && ack.error.code, 'invalid', JSON.stringify(bad));
    }
  });
});
