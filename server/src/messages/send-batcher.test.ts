// Group commit: sends arriving together share a transaction; a failure in one never costs the others.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../caller.ts';
import { SitesRepository } from '../identity/sites.repository.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { InsertedMessage, SendInput } from './inserted-message.ts';
import { MessagesRepository } from './messages.repository.ts';
import { insertBatch } from './insert-batch.ts';
import { SendBatcher } from './send-batcher.ts';

const input = (conversationId: string, clientId: string): SendInput => ({
  conversationId,
  clientId,
  body: clientId,
  replyTo: null,
});

describe('SendBatcher', () => {
  it('should commit the first send at once and the ones arriving meanwhile together, each caller getting its own outcome', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const fake = {
      async insertMany(sends: Array<{ caller: Caller; input: SendInput }>) {
        batches.push(sends.map((s) => s.input.clientId));
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return sends.map((s): PromiseSettledResult<InsertedMessage | null> =>
          s.input.clientId === 'bad' ? { status: 'rejected', reason: new Error('bad') } : { status: 'fulfilled', value: null },
        );
      },
    } as unknown as MessagesRepository;
    const batcher = new SendBatcher(fake, { concurrency: 1 });
    const caller = { siteId: 's', userId: 'u' };
    const first = batcher.insert(caller, input('c', 'a'));
    const rest = ['b', 'bad', 'c'].map((id) =>
      batcher.insert(caller, input('c', id)).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    assert.deepEqual(batches, [['a']], 'the first send did not wait for company');
    release();
    await first;
    assert.deepEqual(await Promise.all(rest), ['ok', 'bad', 'ok']);
    assert.deepEqual(batches, [['a'], ['b', 'bad', 'c']]);
  });
});

describe('MessagesRepository.insertMany', () => {
  let db: TestDatabase;
  let repo: MessagesRepository;
  let siteId: string;
  before(async () => {
    db = await createTestDatabase();
    siteId = (await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] })).id;
    await db.sql`INSERT INTO users (site_id, id) VALUES (${siteId}, 'b'), (${siteId}, 's')`;
    for (const id of ['x', 'y', 'z']) {
      await db.sql`INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id) VALUES (${id}, ${siteId}, ${id}, 'b', 's')`;
      await db.sql`INSERT INTO members (conversation_id, site_id, user_id, role) VALUES (${id}, ${siteId}, 'b', 'buyer'), (${id}, ${siteId}, 's', 'seller')`;
    }
    repo = new MessagesRepository(db.sql);
  });
  after(() => db.drop());

  it('should store the rest of a batch, gapless, when a send in it collides with a concurrent duplicate', async () => {
    const buyer = { siteId, userId: 'b' };
    // Another writer holds an uncommitted message with clientId "dup" (in conversation z): the batch's
    // "dup" cannot see it, waits on the unique key, then fails, which rolls the whole batch back.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = db.sql.begin(async (tx) => {
      await tx`
        WITH conv AS (UPDATE conversations SET last_seq = last_seq + 1 WHERE id = 'z' RETURNING id, last_seq)
        INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body)
        SELECT 'held', ${siteId}, conv.id, conv.last_seq, 'b', 'dup', 'held' FROM conv`;
      held();
      await released;
    });
    await holding;
    const batch = repo.insertMany([
      { caller: buyer, input: input('x', 'a') },
      { caller: buyer, input: input('x', 'dup') },
      { caller: buyer, input: input('y', 'c') },
    ]);
    for (;;) {
      const [w] = await db.sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`;
      if (w!.n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await holder;
    const results = await batch;
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    const [a, dup, c] = results.map((r) => (r as PromiseFulfilledResult<InsertedMessage | null>).value);
    assert.equal(a?.message.seq, 1, 'the rolled-back attempt left no gap');
    assert.equal(dup, null, 'the duplicate stored nothing');
    assert.equal(c?.message.seq, 1);
    const rows = await db.sql<{ conversation_id: string; seq: number; client_id: string }[]>`
      SELECT conversation_id, seq, client_id FROM messages ORDER BY conversation_id, seq`;
    assert.deepEqual(
      rows.map((r) => `${r.conversation_id}${r.seq}:${r.client_id}`),
      ['x1:a', 'y1:c', 'z1:dup'],
    );
    const convs = await db.sql`SELECT id, last_seq FROM conversations ORDER BY id`;
    assert.deepEqual(
      convs.map((r) => r.last_seq),
      [1, 1, 1],
    );
  });

  it('should store a mixed batch in arrival order and skip, storing nothing, the sends that cannot be stored', async () => {
    await db.sql`INSERT INTO users (site_id, id) VALUES (${siteId}, 'c'), (${siteId}, 'stranger')`;
    await db.sql`INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id) VALUES ('w', ${siteId}, 'w', 'c', 's')`;
    await db.sql`INSERT INTO members (conversation_id, site_id, user_id, role) VALUES ('w', ${siteId}, 'c', 'buyer'), ('w', ${siteId}, 's', 'seller')`;
    await db.sql`INSERT INTO blocks (site_id, blocker_id, blocked_id) VALUES (${siteId}, 's', 'c')`;
    const [b, s, c, stranger] = ['b', 's', 'c', 'stranger'].map((userId) => ({ siteId, userId }));
    const results = await repo.insertMany([
      { caller: b!, input: input('x', 'm1') },
      { caller: s!, input: input('x', 'm2') },
      { caller: b!, input: input('x', 'm1') }, // the same clientId again, in the same batch
      { caller: stranger!, input: input('x', 'intruder') },
      { caller: b!, input: input('y', 'm3') },
      { caller: s!, input: { ...input('x', 'bad-reply'), replyTo: 'no-such-message' } },
      { caller: c!, input: input('w', 'blocked') },
      { caller: b!, input: input('x', 'm4') },
    ]);
    const value = (i: number) => (results[i] as PromiseFulfilledResult<InsertedMessage | null>).value;
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    assert.deepEqual(
      [0, 1, 7].map((i) => value(i)?.message.seq),
      [2, 3, 4],
      'x continues after seq 1, in arrival order',
    );
    assert.equal(value(4)?.message.seq, 2);
    assert.deepEqual([2, 3, 5, 6].map(value), [null, null, null, null]);
    const stored = await db.sql<
      { client_id: string }[]
    >`SELECT client_id FROM messages WHERE client_id IN ('m1', 'intruder', 'bad-reply', 'blocked')`;
    assert.deepEqual(
      stored.map((r) => r.client_id),
      ['m1'],
      'm1 once, and nothing for the refused sends',
    );
    const reads = await db.sql<
      { user_id: string; read_seq: number }[]
    >`SELECT user_id, read_seq FROM members WHERE conversation_id = 'x' ORDER BY user_id`;
    assert.deepEqual(
      reads.map((r) => `${r.user_id}:${r.read_seq}`),
      ['b:4', 's:3'],
      'each sender has read up to their own last message',
    );
    const convs = await db.sql`SELECT id, last_seq FROM conversations ORDER BY id`;
    assert.deepEqual(
      convs.map((r) => `${r.id}:${r.last_seq}`),
      ['w:0', 'x:4', 'y:2', 'z:1'],
    );
  });

  it('should store a batch with masked text and warnings in its one statement, without falling back to one per send', async () => {
    const [b, s] = ['b', 's'].map((userId) => ({ siteId, userId }));
    // insertBatch is the statement itself: it throws rather than falling back, as insertMany would.
    const stored = await insertBatch(db.sql, [
      { caller: b!, input: { ...input('z', 'masked-1'), masked: true, warnings: ['off_platform_payment', 'suspicious_link'] } },
      { caller: s!, input: { ...input('z', 'plain-1'), masked: false, warnings: [] } },
    ]);
    assert.deepEqual(
      stored.map((r) => [r?.message.clientId, r?.message.masked, r?.message.warnings]),
      [
        ['masked-1', true, ['off_platform_payment', 'suspicious_link']],
        ['plain-1', false, []],
      ],
    );
  });
});
