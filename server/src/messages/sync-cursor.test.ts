// The sync change cursor: a reconnect hears of exactly what changed, however many conversations the user has.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { SyncResult } from '../../../protocol/index.ts';
import { LIMITS } from '../../../protocol/index.ts';
import { RateBudget, SendRateLimiter } from '../rate-limit.ts';
import { insertSystemMessages } from './system-messages.ts';
import { request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';

const MANY = 5000;

describe('sync change cursor', () => {
  let t: TestServer;
  let big: ClientSocket;
  before(async () => {
    // The per-user sync budget is tested in rate-limit.test.ts; these tests page a lot as one user.
    t = await startTestServer({
      limiter: new SendRateLimiter(new RateLimiterMemory({ points: 10_000, duration: 10 })),
      budgets: { sync: new RateBudget('sync', undefined, 1000) },
    });
    // A seller with 5,000 conversations, two messages each (the buyer's, then theirs).
    const sql = t.db.sql;
    const site = t.site.id;
    await sql`INSERT INTO users (site_id, id, name) VALUES (${site}, 'big', 'Name of big')`;
    await sql`INSERT INTO users (site_id, id, name) SELECT ${site}, 'b' || i, 'Name of b' || i FROM generate_series(1, ${MANY}) i`;
    await sql`
      INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id, last_seq)
      SELECT 'c' || i, ${site}, 'ad' || i, 'b' || i, 'big', 2 FROM generate_series(1, ${MANY}) i`;
    await sql`
      INSERT INTO members (conversation_id, site_id, user_id, role, read_seq)
      SELECT id, site_id, buyer_id, 'buyer', 1 FROM conversations WHERE seller_id = 'big'
      UNION ALL SELECT id, site_id, seller_id, 'seller', 2 FROM conversations WHERE seller_id = 'big'`;
    await sql`
      INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body)
      SELECT c.id || '-' || n, c.site_id, c.id, n, CASE n WHEN 1 THEN c.buyer_id ELSE c.seller_id END, c.id || '-' || n, 'hello ' || n
      FROM conversations c, generate_series(1, 2) n WHERE c.seller_id = 'big'`;
    big = await t.connect('big');
  });
  after(() => t.close());

  const caller = (userId: string) => ({ siteId: t.site.id, userId });
  async function sync(payload: object): Promise<SyncResult> {
    const ack = await request<SyncResult>(big, 'sync', payload);
    assert.ok(ack.ok, JSON.stringify(ack));
    return ack.data;
  }
  /** A cursor that has heard of everything so far. */
  async function caughtUp(): Promise<string> {
    let answer = await sync({ conversations: {} });
    while (answer.changeCursor && (answer = await sync({ changeCursor: answer.changeCursor })).hasMore);
    return answer.changeCursor!;
  }

  it('should answer a reconnect with exactly the 3 conversations of 5,000 that changed, the deletion among them', async () => {
    const cursor = await caughtUp();
    // While away: a message in c10, a deletion in c20, the buyer of c30 reads big's answer.
    const sent = await t.server.services.messages.send(caller('b10'), {
      conversationId: 'c10',
      clientId: 'away-1',
      body: 'still there?',
      replyTo: null,
    });
    await t.server.services.messages.delete(caller('b20'), 'c20-1');
    await t.server.services.conversations.markRead(caller('b30'), 'c30', 2);

    const answer = await sync({ changeCursor: cursor });
    assert.deepEqual(answer.conversations.map((c) => c.id).sort(), ['c10', 'c20', 'c30']);
    assert.deepEqual(
      answer.messages.map((m) => [m.conversationId, m.seq, m.body]),
      [['c10', 3, 'still there?']],
    );
    assert.equal(sent.message.seq, 3);
    assert.deepEqual(answer.deleted, [{ conversationId: 'c20', messageId: 'c20-1', seq: 1 }]);
    assert.deepEqual(answer.gone, []);
    assert.equal(answer.hasMore, false);
    assert.equal(answer.conversations.find((c) => c.id === 'c30')!.readSeq.b30, 2, 'the read receipt');

    const nothing = await sync({ changeCursor: answer.changeCursor });
    assert.deepEqual([nothing.conversations, nothing.messages, nothing.deleted, nothing.gone], [[], [], [], []]);
  });

  it('should page a change of thousands of conversations in one transaction without skipping or repeating one', async () => {
    const cursor = await caughtUp();
    // One transaction stamps 1,200 member rows: the pages are cut inside it.
    await t.db
      .sql`UPDATE members SET muted = true WHERE user_id = 'big' AND conversation_id IN (SELECT 'c' || i FROM generate_series(1, 1200) i)`;
    const seen: string[] = [];
    let pages = 0;
    let next = cursor;
    for (;;) {
      const answer = await sync({ changeCursor: next });
      pages++;
      seen.push(...answer.conversations.map((c) => c.id));
      assert.ok(answer.conversations.length <= LIMITS.syncMaxConversations);
      next = answer.changeCursor!;
      if (!answer.hasMore) break;
    }
    assert.equal(seen.length, 1200);
    assert.equal(new Set(seen).size, 1200);
    assert.equal(pages, Math.ceil(1200 / LIMITS.syncMaxConversations));
  });

  it('should send a conversation changed by a transaction still open during a sync in the next one', async () => {
    const cursor = await caughtUp();
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const open = t.db.sql.begin(async (tx) => {
      await tx`UPDATE members SET muted = true WHERE user_id = 'big' AND conversation_id = 'c4000'`;
      written();
      await committed;
    });
    await isWritten;
    await t.server.services.conversations.setMuted(caller('big'), 'c4001', true);
    const during = await sync({ changeCursor: cursor });
    assert.deepEqual(
      during.conversations.map((c) => c.id),
      ['c4001'],
    );
    commit();
    await open;
    const later = await sync({ changeCursor: during.changeCursor });
    assert.deepEqual(
      later.conversations.map((c) => [c.id, c.muted]),
      [['c4000', true]],
    );
  });

  it('should report a conversation that went as gone, and a listing card, a system message and a profile change', async () => {
    const cursor = await caughtUp();
    await t.db.sql`DELETE FROM conversations WHERE id = 'c50'`;
    await t.db.sql`UPDATE users SET name = 'Renamed' WHERE site_id = ${t.site.id} AND id = 'b60'`;
    await t.db.sql`UPDATE conversations SET listing_title = 'New title' WHERE id = 'c70'`;
    await insertSystemMessages(t.db.sql, t.site.id, t.db.sql`c.id = 'c80'`, { type: 'listing.status', status: 'sold' });
    const answer = await sync({ changeCursor: cursor });
    assert.deepEqual(answer.gone, ['c50']);
    assert.deepEqual(answer.conversations.map((c) => c.id).sort(), ['c60', 'c70', 'c80']);
    assert.deepEqual(
      answer.messages.map((m) => [m.conversationId, m.seq, m.kind]),
      [['c80', 3, 'system']],
    );
    assert.equal(answer.conversations.find((c) => c.id === 'c60')!.buyer.name, 'Renamed');
    assert.equal(answer.conversations.find((c) => c.id === 'c70')!.listing.title, 'New title');
  });

  it('should refuse a malformed cursor or one sent with named conversations, and reset one from another database', async () => {
    const bad = await request<SyncResult>(big, 'sync', { changeCursor: 'nope' });
    assert.equal(!bad.ok && bad.error.code, 'invalid');
    const cursor = await caughtUp();
    const both = await request<SyncResult>(big, 'sync', { changeCursor: cursor, conversations: { c1: 1 } });
    assert.equal(!both.ok && both.error.code, 'invalid');
    const ahead = await sync({ changeCursor: '999999999:999999999:' });
    assert.equal(ahead.changeCursorReset, true);
    assert.equal(ahead.changeCursor, undefined);
  });
});
