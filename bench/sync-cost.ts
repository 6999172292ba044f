// What one `sync` naming many conversations costs: `node --import tsx bench/sync-cost.ts [conversations] [others]`.
import { ConversationsRepository } from '../server/src/conversations/conversations.repository.ts';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { MessagesRepository } from '../server/src/messages/messages.repository.ts';
import { SyncChangesRepository } from '../server/src/messages/sync-changes.repository.ts';
import { SyncService } from '../server/src/messages/sync.service.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';
import { ADMIN_URL } from './seed.ts';

const MINE = Number(process.argv[2] ?? 600);
/** Conversations of other users: the tables a sync must not scan. */
const OTHERS = Number(process.argv[3] ?? 20_000);
const HISTORY = 30;
const RUNS = 20;

const db = await createTestDatabase({ adminUrl: ADMIN_URL, namePrefix: 'parley_bench', max: 4 });
try {
  const { sql } = db;
  await new SitesRepository(sql).upsert({ id: 'm', name: 'Sync cost', allowedOrigins: [] });
  await sql`INSERT INTO users (site_id, id, name) SELECT 'm', 'u' || i, 'User ' || i FROM generate_series(0, ${MINE + OTHERS}) i`;
  await sql`INSERT INTO users (site_id, id, name) VALUES ('m', 'me', 'Me')`;
  await sql`
    INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id)
    SELECT 'mine' || i, 'm', 'ad' || i, 'me', 'u' || i FROM generate_series(0, ${MINE - 1}) i
    UNION ALL
    SELECT 'other' || i, 'm', 'ad' || i, 'u' || (i + 1), 'u' || i FROM generate_series(0, ${OTHERS - 1}) i`;
  await sql`
    INSERT INTO members (conversation_id, site_id, user_id, role, read_seq)
    SELECT id, site_id, buyer_id, 'buyer', ${HISTORY - 5}::int FROM conversations
    UNION ALL SELECT id, site_id, seller_id, 'seller', ${HISTORY}::int FROM conversations`;
  // Every 7th message deleted: tombstones everywhere, as in a database that has lived.
  await sql`
    INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, deleted_at, deleted_xid)
    SELECT c.id || '-' || n, c.site_id, c.id, n, CASE WHEN n % 2 = 1 THEN c.buyer_id ELSE c.seller_id END, c.id || '-' || n,
           'Message number ' || n, CASE WHEN n % 7 = 0 THEN now() END, CASE WHEN n % 7 = 0 THEN pg_current_xact_id() END
    FROM conversations c, generate_series(1, ${HISTORY}) n`;
  await sql`UPDATE conversations SET last_seq = ${HISTORY}`;
  await sql`VACUUM ANALYZE`;

  const sync = new SyncService({
    conversations: new ConversationsRepository(sql),
    messages: new MessagesRepository(sql),
    changes: new SyncChangesRepository(sql),
  });
  const me = { siteId: 'm', userId: 'me' };
  const ids = Array.from({ length: MINE }, (_, i) => `mine${i}`);
  const cases: Array<[string, Record<string, number>]> = [
    ['up to date (nothing new)', Object.fromEntries(ids.map((id) => [id, HISTORY]))],
    ['5 behind in each', Object.fromEntries(ids.map((id) => [id, HISTORY - 5]))],
    ['from the start (seq 0)', Object.fromEntries(ids.map((id) => [id, 0]))],
  ];
  console.log(`sync naming ${MINE} conversations, ${OTHERS} other conversations, ${HISTORY} messages each`);
  for (const [name, known] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) await sync.sync(me, known, null); // warm the caches and the prepared plans
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await sync.sync(me, known, null);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${name}: p50 ${times[RUNS / 2]!.toFixed(1)} ms, max ${times[RUNS - 1]!.toFixed(1)} ms`);
  }
} finally {
  await db.drop();
}
