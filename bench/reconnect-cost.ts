// What a reconnect costs a user with many conversations, by id and by change cursor: `npm run bench:reconnect [-- <conversations> <others>]`.
import postgres from 'postgres';
import type { SyncResult } from '../protocol/index.ts';
import { ConversationsRepository } from '../server/src/conversations/conversations.repository.ts';
import type { Sql } from '../server/src/db/sql.ts';
import { parseChangeCursor } from '../server/src/messages/change-cursor.ts';
import { MessagesRepository } from '../server/src/messages/messages.repository.ts';
import { SyncChangesRepository } from '../server/src/messages/sync-changes.repository.ts';
import { SyncService } from '../server/src/messages/sync.service.ts';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';
import { ADMIN_URL } from './seed.ts';

const MINE = Number(process.argv[2] ?? 5000);
/** Conversations of other users: the tables a sync must not scan. */
const OTHERS = Number(process.argv[3] ?? 20_000);
const HISTORY = 30;
const RUNS = 10;
/** Ids one request may name (`LIMITS.syncMaxKnownConversations`). */
const PER_REQUEST = 1000;

const db = await createTestDatabase({ adminUrl: ADMIN_URL, namePrefix: 'parley_bench', max: 4 });
let queries = 0;
const counted = postgres(db.url, { max: 4, onnotice: () => {}, debug: () => queries++ }) as unknown as Sql;
try {
  const { sql } = db;
  let started = performance.now();
  await new SitesRepository(sql).upsert({ id: 'm', name: 'Reconnect cost', allowedOrigins: [] });
  await sql`INSERT INTO users (site_id, id, name) SELECT 'm', 'u' || i, 'User ' || i FROM generate_series(0, ${MINE + OTHERS}) i`;
  await sql`INSERT INTO users (site_id, id, name) VALUES ('m', 'me', 'Me')`;
  await sql`
    INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id, last_seq)
    SELECT 'mine' || i, 'm', 'ad' || i, 'me', 'u' || i, ${HISTORY}::int FROM generate_series(0, ${MINE - 1}) i
    UNION ALL
    SELECT 'other' || i, 'm', 'ad' || i, 'u' || (i + 1), 'u' || i, ${HISTORY}::int FROM generate_series(0, ${OTHERS - 1}) i`;
  await sql`
    INSERT INTO members (conversation_id, site_id, user_id, role, read_seq)
    SELECT id, site_id, buyer_id, 'buyer', ${HISTORY}::int FROM conversations
    UNION ALL SELECT id, site_id, seller_id, 'seller', ${HISTORY - 5}::int FROM conversations`;
  await sql`
    INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body)
    SELECT c.id || '-' || n, c.site_id, c.id, n, CASE WHEN n % 2 = 1 THEN c.buyer_id ELSE c.seller_id END, c.id || '-' || n,
           'Message number ' || n
    FROM conversations c, generate_series(1, ${HISTORY}) n`;
  await sql`VACUUM ANALYZE`;
  console.log(
    `seeded ${MINE} conversations of the user, ${OTHERS} others, ${HISTORY} messages each, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const conversations = new ConversationsRepository(counted);
  const messages = new MessagesRepository(counted);
  const sync = new SyncService({ conversations, messages, changes: new SyncChangesRepository(counted) });
  const me = { siteId: 'm', userId: 'me' };
  const held: Record<string, number> = {};
  for (let i = MINE - 1; i >= 0; i--) held[`mine${i}`] = HISTORY;
  const ids = Object.keys(held);
  const chunks = Array.from({ length: Math.ceil(ids.length / PER_REQUEST) }, (_, i) =>
    Object.fromEntries(ids.slice(i * PER_REQUEST, (i + 1) * PER_REQUEST).map((id) => [id, HISTORY])),
  );

  // Caught up: a full check by id, then the cursor it hands out.
  const first = await sync.sync(me, chunks[0]!, null);
  let cursor = first.changeCursor!;
  for (
    let page = await sync.sync(me, {}, null, parseChangeCursor(cursor));
    ;
    page = await sync.sync(me, {}, null, parseChangeCursor(cursor))
  ) {
    cursor = page.changeCursor!;
    if (!page.hasMore) break;
  }
  const deletedCursor = first.deletedCursor;

  // While away: a message in one conversation, a deletion in another, the other party reads in a third.
  await messages.insert(
    { siteId: 'm', userId: 'u10' },
    { conversationId: 'mine10', clientId: 'away-1', body: 'Still available?', replyTo: null },
  );
  await messages.tombstone(me, 'mine20-1');
  await conversations.markRead({ siteId: 'm', userId: 'u30' }, 'mine30', HISTORY);

  type Case = { name: string; requests: Array<() => { payload: object; run: () => Promise<SyncResult> }> };
  const byId = (known: Record<string, number>) => () => ({
    payload: { conversations: known, deletedCursor },
    run: () => sync.sync(me, known, deletedCursor),
  });
  const cases: Case[] = [
    { name: `by id, the ${PER_REQUEST} most recent (the old client)`, requests: [byId(chunks[0]!)] },
    { name: `by id, all ${MINE} (${chunks.length} requests)`, requests: chunks.map(byId) },
    {
      name: 'change cursor',
      requests: [() => ({ payload: { changeCursor: cursor }, run: () => sync.sync(me, {}, null, parseChangeCursor(cursor)) })],
    },
  ];
  const rows: Array<{ name: string; queries: number; ms: number; bytes: number; changed: number }> = [];
  for (const c of cases) {
    const reconnect = async () => {
      let bytes = 0;
      let changed = 0;
      for (const request of c.requests) {
        const { payload, run } = request();
        const answer = await run();
        bytes += JSON.stringify(payload).length + JSON.stringify(answer).length;
        changed += answer.conversations.length;
      }
      return { bytes, changed };
    };
    await reconnect(); // warm the caches and the prepared plans
    const times: number[] = [];
    queries = 0;
    let last = { bytes: 0, changed: 0 };
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      last = await reconnect();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push({ name: c.name, queries: queries / RUNS, ms: times[RUNS / 2]!, bytes: last.bytes, changed: last.changed });
  }
  const after = rows[rows.length - 1]!;
  console.log(
    `\nreconnect of a user with ${MINE} conversations, 3 changed while away (p50 of ${RUNS}; bytes: request + answer JSON)`,
  );
  console.log('| request | conversations in answer | queries | ms | bytes | ms / cursor | bytes / cursor |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.changed} | ${r.queries} | ${r.ms.toFixed(1)} | ${r.bytes} | ${(r.ms / after.ms).toFixed(1)} | ${(r.bytes / after.bytes).toFixed(1)} |`,
    );
  }
} finally {
  await counted.end();
  await db.drop();
}
