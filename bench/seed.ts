// A fresh, migrated PostgreSQL database for one benchmark target, seeded with users and conversations.
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';

/** Where benchmark databases are created (dropped afterwards). */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One conversation: buyer `b<i>` and seller `s<i>` about listing `ad_<i>`. */
export interface Pair {
  conversationId: string;
  buyerId: string;
  sellerId: string;
}

/** Messages each conversation already holds when the run starts. */
const HISTORY = 20;

export interface BenchDatabase {
  url: string;
  name: string;
  site: { id: string; secret: string };
  drop(): Promise<void>;
}

/** The conversations of a run with `sockets` sockets (two per conversation). */
export function makePairs(sockets: number): Pair[] {
  return Array.from({ length: Math.floor(sockets / 2) }, (_, i) => ({
    conversationId: `bench-c${i}`,
    buyerId: `b${i}`,
    sellerId: `s${i}`,
  }));
}

/** Creates `parley_bench_<random>`, migrates it and inserts the site, users, conversations and members. */
export async function createBenchDatabase(pairs: Pair[]): Promise<BenchDatabase> {
  const db = await createTestDatabase({ adminUrl: ADMIN_URL, namePrefix: 'parley_bench', max: 2 });
  try {
    const site = await new SitesRepository(db.sql).upsert({ id: 'bench', name: 'Bench market', allowedOrigins: [] });
    const ids = pairs.flatMap((p) => [p.buyerId, p.sellerId]);
    // Names as the load generator's tokens carry them, so connecting writes nothing.
    await db.sql`INSERT INTO users (site_id, id, name) SELECT ${site.id}, u, 'User ' || u FROM unnest(${ids}::text[]) AS u`;
    const convIds = pairs.map((p) => p.conversationId);
    const buyers = pairs.map((p) => p.buyerId);
    const sellers = pairs.map((p) => p.sellerId);
    await db.sql`
      INSERT INTO conversations (id, site_id, listing_id, listing_title, buyer_id, seller_id)
      SELECT c, ${site.id}, 'ad_' || c, 'Listing ' || c, b, s FROM unnest(${convIds}::text[], ${buyers}::text[], ${sellers}::text[]) AS t(c, b, s)`;
    await db.sql`
      INSERT INTO members (conversation_id, site_id, user_id, role)
      SELECT c, ${site.id}, b, 'buyer' FROM unnest(${convIds}::text[], ${buyers}::text[]) AS t(c, b)
      UNION ALL
      SELECT c, ${site.id}, s, 'seller' FROM unnest(${convIds}::text[], ${sellers}::text[]) AS t(c, s)`;
    // History, as a live database has: each conversation already holds messages, all read. Planning
    // against empty tables would pick sequential scans that turn slow as the run fills them.
    await db.sql`
      INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, created_at)
      SELECT c.id || '-h' || n, c.site_id, c.id, n, CASE WHEN n % 2 = 1 THEN c.buyer_id ELSE c.seller_id END,
             'history-' || c.id || '-' || n, 'An earlier message in this conversation, number ' || n,
             now() - interval '1 day' + n * interval '1 minute'
      FROM conversations c, generate_series(1, ${HISTORY}) AS n`;
    await db.sql`UPDATE conversations SET last_seq = ${HISTORY}`;
    await db.sql`UPDATE members SET read_seq = ${HISTORY}`;
    await db.sql`VACUUM ANALYZE`;
    return { url: db.url, name: db.name, site: { id: site.id, secret: site.secret }, drop: () => db.drop() };
  } finally {
    await db.close();
  }
}
