// `npm run bench:search [-- <messages> <seller conversations>]`: search latency (p50/p99) over a large PostgreSQL set.
import { RateBudget } from '../server/src/rate-limit.ts';
import { SearchRepository } from '../server/src/search/search.repository.ts';
import { SearchService } from '../server/src/search/search.service.ts';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';
import { ADMIN_URL } from './seed.ts';

const MESSAGES = Number(process.argv[2] ?? 1_000_000);
/** The searching seller's conversations; every other message belongs to other users' conversations. */
const MINE = Number(process.argv[3] ?? 5000);
const PER_CONVERSATION = 20;
const RUNS = 100;
/** Words a buyer or seller types, from frequent to rare, some half-typed (prefixes), some accented. */
const QUERIES = ['vélo', 'velo', 'dispo', 'bike', 'samedi matin', 'vélos électriques', 'charger', 'pri', 'zzz'];
/** Message texts the seed draws from (French and English). */
const PHRASES = [
  'Bonjour, le vélo est-il toujours disponible ?',
  'Hello, is the bike still available?',
  'Je peux passer samedi matin pour voir les vélos.',
  'Could you lower the price a little?',
  'Oui, il est toujours là. Vous pouvez venir quand vous voulez.',
  'Les freins du velo ont été changés l’an dernier, vélo électrique en très bon état.',
  'Does it come with the charger?',
  'Merci, à bientôt !',
  'I can pick it up tomorrow evening, what is the best price?',
  'Est-ce que la livraison est possible ?',
  'The sofa is in perfect condition, no stains.',
  'Le canapé est encore disponible, je baisse le prix à 200 €.',
];

const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
const db = await createTestDatabase({ adminUrl: ADMIN_URL, namePrefix: 'parley_bench', max: 2 });
try {
  const { sql } = db;
  await new SitesRepository(sql).upsert({ id: 'm', name: 'Search bench', allowedOrigins: [] });
  let started = performance.now();
  await sql`INSERT INTO users (site_id, id, name) SELECT 'm', 'u' || i, 'User ' || i FROM generate_series(0, ${conversations}) i`;
  await sql`INSERT INTO users (site_id, id, name) VALUES ('m', 'me', 'Me')`;
  // The seller "me" has MINE conversations; the others are between other users.
  await sql`
    INSERT INTO conversations (id, site_id, listing_id, listing_title, buyer_id, seller_id, last_seq)
    SELECT 'c' || i, 'm', 'ad' || (i % 50), 'Listing ' || (i % 50), 'u' || i, CASE WHEN i < ${MINE} THEN 'me' ELSE 'u' || (i + 1) END,
           ${PER_CONVERSATION}
    FROM generate_series(0, ${conversations - 1}) i`;
  await sql`
    INSERT INTO members (conversation_id, site_id, user_id, role, read_seq)
    SELECT id, site_id, buyer_id, 'buyer', last_seq FROM conversations
    UNION ALL SELECT id, site_id, seller_id, 'seller', last_seq FROM conversations`;
  // In slices, so that progress shows and no single statement holds everything.
  const slice = 50_000 / PER_CONVERSATION;
  for (let from = 0; from < conversations; from += slice) {
    await sql`
      INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body)
      SELECT c.id || '-' || n, c.site_id, c.id, n, CASE WHEN n % 2 = 1 THEN c.buyer_id ELSE c.seller_id END, c.id || '-' || n,
             (${PHRASES}::text[])[1 + (abs(hashtext(c.id)) + n) % ${PHRASES.length}] || ' #' || n
      FROM conversations c, generate_series(1, ${PER_CONVERSATION}) n
      WHERE c.id IN (SELECT 'c' || i FROM generate_series(${from}::int, ${Math.min(conversations, from + slice) - 1}::int) i)`;
    process.stdout.write(`\rseeded ${Math.min(conversations, from + slice) * PER_CONVERSATION} messages`);
  }
  await sql`VACUUM ANALYZE`;
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(
    `\n${MESSAGES} messages in ${conversations} conversations (the seller's: ${MINE}), seeded in ${seedSeconds.toFixed(0)} s`,
  );

  const service = new SearchService({ repository: new SearchRepository(sql), budget: new RateBudget('search') });
  const me = { siteId: 'm', userId: 'me' } as Parameters<SearchService['search']>[0];
  // No per-user budget in the way of a benchmark: a fresh one per run.
  const run = (q: string) =>
    new SearchService({ repository: new SearchRepository(sql), budget: new RateBudget('search') }).search(me, q, 20);
  await service.search(me, 'warm', 20).catch(() => {}); // the first search loads the unaccent rules
  const all: number[] = [];
  let timedOut = 0;
  for (const q of QUERIES) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      try {
        found = (await run(q)).length;
      } catch {
        timedOut++; // over the statement timeout: counted, and its time kept
      }
      times.push(performance.now() - started);
    }
    all.push(...times);
    times.sort((a, b) => a - b);
    console.log(`"${q}": ${found} results, p50 ${pct(times, 50)} ms, p99 ${pct(times, 99)} ms`);
  }
  all.sort((a, b) => a - b);
  console.log(
    `all queries: p50 ${pct(all, 50)} ms, p99 ${pct(all, 99)} ms (${all.length} searches, one at a time, ${timedOut} over the 2 s timeout)`,
  );
} finally {
  if (!process.env.BENCH_KEEP) await db.drop();
  else console.log(`kept ${db.url}`);
}

function pct(sorted: number[], p: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!.toFixed(1);
}
