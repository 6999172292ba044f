// The two guarantees of sending under concurrency: one row per clientId, and gapless seqs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { request } from '../testing/test-server.ts';
import { SendRateLimiter } from '../rate-limit.ts';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { UserWorkQueue } from '../user-work-queue.ts';

describe('sending under concurrency', () => {
  let t: TestServer;
  before(async () => {
    // Generous limits: this file measures the database, not the rate limits.
    t = await startTestServer({
      limiter: new SendRateLimiter(new RateLimiterMemory({ points: 10_000, duration: 10 })),
      dbMax: 20,
      // 50 sockets of two users below, all sending at once.
      config: { maxSocketsPerUser: 25 },
      userWork: new UserWorkQueue({ maxRunning: 25 }),
    });
  });
  after(() => t.close());

  const caller = (userId: string) => ({ siteId: t.site.id, userId });
  async function conversation(buyer: string, seller: string, listingId: string) {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: listingId } });
    return ((await res.json()) as { conversation: Conversation }).conversation;
  }

  it('should store concurrent duplicates of one clientId once and give every caller that row', async () => {
    const conv = await conversation('dup_b', 'dup_s', 'ad_dup');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.server.services.messages.send(caller('dup_b'), {
          conversationId: conv.id,
          clientId: 'same-client-id',
          body: `attempt ${i}`,
          replyTo: null,
        }),
      ),
    );
    const ids = new Set(attempts.map((a) => a.message.id));
    assert.equal(ids.size, 1, 'every caller got the same message');
    assert.equal(attempts.filter((a) => a.created).length, 1, 'exactly one call stored it');
    const rows = await t.db.sql`SELECT seq FROM messages WHERE conversation_id = ${conv.id}`;
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1],
      'one row, and the losers left no gap',
    );
    const next = await t.server.services.messages.send(caller('dup_b'), {
      conversationId: conv.id,
      clientId: 'next',
      body: 'next',
      replyTo: null,
    });
    assert.equal(next.message.seq, 2);
  });

  it('should number 200 concurrent service-level sends 1..N with no gap or repeat', async () => {
    const conv = await conversation('gap_b', 'gap_s', 'ad_gap');
    const sends: Promise<{ message: Message }>[] = [];
    for (let i = 0; i < 50; i++) {
      const sender = i % 2 ? 'gap_b' : 'gap_s';
      for (let j = 0; j < 4; j++) {
        sends.push(
          t.server.services.messages.send(caller(sender), {
            conversationId: conv.id,
            clientId: `g-${i}-${j}`,
            body: `m ${i} ${j}`,
            replyTo: null,
          }),
        );
      }
    }
    const results = await Promise.all(sends);
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    const rows = await t.db.sql<{ seq: number }[]>`SELECT seq FROM messages WHERE conversation_id = ${conv.id} ORDER BY seq`;
    assert.deepEqual(
      rows.map((r) => r.seq),
      seqs,
    );
    const [c] = await t.db.sql`SELECT last_seq FROM conversations WHERE id = ${conv.id}`;
    assert.equal(c!.last_seq, 200);
  });

  it('should never let a reader asking "after N" skip a message that commits late', async () => {
    const conv = await conversation('rd_b', 'rd_s', 'ad_read');
    const seen: number[] = [];
    let last = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || last < 100) {
        const page = await t.server.services.messages.list(caller('rd_s'), conv.id, { before: null, after: last, limit: 200 });
        for (const m of page.messages) {
          assert.equal(m.seq, last + 1, `reader saw ${m.seq} right after ${last}`);
          last = m.seq;
          seen.push(m.seq);
        }
      }
    })();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.server.services.messages.send(caller('rd_b'), {
          conversationId: conv.id,
          clientId: `late-${i}`,
          body: 'x',
          replyTo: null,
        }),
      ),
    );
    writing = false;
    await reader;
    assert.equal(seen.length, 100);
  });

  it('should give 50 concurrent socket senders in one conversation seqs with no gap or repeat', async () => {
    const res = await t.api('sock_b', 'POST', '/api/v1/conversations', { sellerId: 'sock_s', listing: { id: 'ad_sock' } });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    const sockets = await Promise.all(Array.from({ length: 50 }, (_, i) => t.connect(i % 2 ? 'sock_b' : 'sock_s')));
    const acks = await Promise.all(
      sockets.map((s, i) =>
        request<Message>(s, 'message:send', { conversationId: conversation.id, clientId: `gap-${i}`, body: `n${i}` }),
      ),
    );
    const seqs = acks.map((a) => (a.ok ? a.data.seq : -1)).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    for (const s of sockets) s.disconnect();
  });
});
