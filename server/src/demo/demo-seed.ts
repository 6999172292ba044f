// `npm run demo:seed [-- <conversations>]`: gives the demo seller bob thousands of conversations to search and filter.
import { openCliDatabase } from '../db/cli-database.ts';
import { migrate } from '../db/migrate.ts';
import type { Sql } from '../db/sql.ts';
import { SitesRepository } from '../identity/sites.repository.ts';
import { DEMO_SITE } from './demo-users.ts';

/** Bob's listings, most asked about first (titles in French and English, as on a real marketplace). */
const LISTINGS = ['Vélo de ville', 'City bike', 'Canapé d’angle', 'iPhone 14 Pro', 'Lampe de bureau', 'Winter jacket'];
/** What buyers and bob write: some mention the bike ("vélo", "vélos", "bike"), with and without accents. */
const PHRASES = [
  'Bonjour, le vélo est-il toujours disponible ?',
  'Hello, is the bike still available?',
  'Je peux passer samedi matin pour voir les vélos.',
  'Could you lower the price a little?',
  'Oui, il est toujours là. Vous pouvez venir quand vous voulez.',
  'Les freins du velo ont été changés l’an dernier.',
  'Does it come with the charger?',
  'Merci, à bientôt !',
  'I can pick it up tomorrow evening.',
  'Est-ce que la livraison est possible ?',
];

/**
 * Adds `count` conversations between bob and as many buyers (`shopper-1`…), spread over his
 * listings, each with 1 to 6 messages; about one in four has messages bob has not read. Runs again
 * without duplicating anything (ids are fixed).
 */
export async function seedDemoInbox(sql: Sql, count: number): Promise<void> {
  const site = DEMO_SITE.id;
  const titles = LISTINGS;
  const phrases = PHRASES;
  await sql`
    INSERT INTO users (site_id, id, name)
    SELECT ${site}, 'shopper-' || i, (ARRAY['Léa', 'Tom', 'Chloé', 'Hugo', 'Emma', 'Lucas', 'Inès', 'Noah'])[1 + i % 8] || ' ' || i
    FROM generate_series(1, ${count}) i
    UNION ALL SELECT ${site}, 'bob', 'Bob Durand'
    ON CONFLICT DO NOTHING`;
  await sql`
    INSERT INTO conversations (id, site_id, listing_id, listing_title, buyer_id, seller_id, last_seq)
    SELECT 'seed-' || i, ${site}, 'seed-ad-' || (i % ${titles.length}), (${titles}::text[])[1 + i % ${titles.length}],
           'shopper-' || i, 'bob', 1 + i % 6
    FROM generate_series(1, ${count}) i
    ON CONFLICT DO NOTHING`;
  await sql`
    INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body, created_at)
    SELECT c.id || '-' || s, ${site}, c.id, s, CASE WHEN s % 2 = 1 THEN c.buyer_id ELSE 'bob' END, c.id || '-' || s,
           (${phrases}::text[])[1 + (abs(hashtext(c.id)) + s) % ${phrases.length}],
           now() - make_interval(mins => (${count} - substr(c.id, 6)::int) * 7 + (6 - s))
    FROM conversations c CROSS JOIN LATERAL generate_series(1, c.last_seq) s
    WHERE c.id LIKE 'seed-%' AND c.site_id = ${site}
    ON CONFLICT DO NOTHING`;
  await sql`
    INSERT INTO members (conversation_id, site_id, user_id, role, read_seq, has_written)
    SELECT id, site_id, buyer_id, 'buyer', last_seq, true FROM conversations WHERE id LIKE 'seed-%' AND site_id = ${site}
    UNION ALL
    SELECT id, site_id, 'bob', 'seller', CASE WHEN substr(id, 6)::int % 4 = 0 THEN 0 ELSE last_seq END, last_seq > 1
    FROM conversations WHERE id LIKE 'seed-%' AND site_id = ${site}
    ON CONFLICT DO NOTHING`;
  // Newest activity follows the messages' time, so the list's order matches what they say.
  await sql`
    UPDATE conversations c SET updated_at = m.created_at, activity = m.act
    FROM (SELECT last.*, nextval('conversation_activity') AS act FROM (
            SELECT * FROM (SELECT DISTINCT ON (conversation_id) conversation_id, created_at FROM messages
                           WHERE conversation_id LIKE 'seed-%' ORDER BY conversation_id, seq DESC) l
            ORDER BY created_at) last) m
    WHERE c.id = m.conversation_id`;
  // The embedded PGlite has no autovacuum: without fresh statistics its plans assume empty tables.
  await sql`ANALYZE users, conversations, members, messages`;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const count = Number(process.argv[2] ?? 3000);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    console.error('usage: npm run demo:seed [-- <conversations, 1 to 100000>]');
    process.exit(1);
  }
  const db = await openCliDatabase('demo seed');
  try {
    await migrate(db.sql);
    const sites = new SitesRepository(db.sql);
    if (!(await sites.get(DEMO_SITE.id))) await sites.upsert({ ...DEMO_SITE, allowedOrigins: [] });
    const started = performance.now();
    await seedDemoInbox(db.sql, count);
    console.log(`bob now has ${count} more conversations (${Math.round(performance.now() - started)} ms).`);
    console.log('npm start, sign in as bob, search "vélo" and choose "Unread".');
  } finally {
    await db.close();
  }
}
