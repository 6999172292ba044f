// What migration 011's change stamps add to a send and a read: `node --import tsx bench/send-stamp-cost.ts [sends]`.
import { ConversationsRepository } from '../server/src/conversations/conversations.repository.ts';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { MessagesRepository } from '../server/src/messages/messages.repository.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';
import { ADMIN_URL } from './seed.ts';

const SENDS = Number(process.argv[2] ?? 2000);
const TRIGGERS = ['members_stamp'];

const db = await createTestDatabase({ adminUrl: ADMIN_URL, namePrefix: 'parley_bench', max: 2 });
try {
  const { sql } = db;
  await new SitesRepository(sql).upsert({ id: 'm', name: 'Stamp cost', allowedOrigins: [] });
  await sql`INSERT INTO users (site_id, id, name) SELECT 'm', 'u' || i, 'User ' || i FROM generate_series(0, 200) i`;
  await sql`INSERT INTO conversations (id, site_id, listing_id, buyer_id, seller_id)
            SELECT 'c' || i, 'm', 'ad' || i, 'u' || i, 'u' || (i + 100) FROM generate_series(0, 99) i`;
  await sql`INSERT INTO members (conversation_id, site_id, user_id, role)
            SELECT id, site_id, buyer_id, 'buyer' FROM conversations UNION ALL SELECT id, site_id, seller_id, 'seller' FROM conversations`;
  const messages = new MessagesRepository(sql);
  const conversations = new ConversationsRepository(sql);
  let n = 0;
  const round = async () => {
    const started = performance.now();
    for (let i = 0; i < SENDS; i++, n++) {
      const c = n % 100;
      await messages.insert(
        { siteId: 'm', userId: `u${c}` },
        { conversationId: `c${c}`, clientId: `s${n}`, body: 'Is it still available?', replyTo: null },
      );
      await conversations.markRead({ siteId: 'm', userId: `u${c + 100}` }, `c${c}`, 1_000_000);
    }
    return (performance.now() - started) / SENDS;
  };
  const stamps = async (on: boolean) => {
    const how = on ? sql`ENABLE` : sql`DISABLE`;
    for (const t of TRIGGERS) await sql`ALTER TABLE members ${how} TRIGGER ${sql(t)}`;
  };
  await round(); // warm up
  const results: Record<string, number[]> = { with: [], without: [] };
  for (let r = 0; r < 3; r++) {
    await stamps(false);
    results.without!.push(await round());
    await stamps(true);
    results.with!.push(await round());
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  console.log(`one send + one read, ${SENDS} of each per round, median of 3 rounds`);
  console.log(
    `without the stamps: ${med(results.without!).toFixed(3)} ms; with: ${med(results.with!).toFixed(3)} ms; ratio ${(med(results.with!) / med(results.without!)).toFixed(2)}`,
  );
} finally {
  await db.drop();
}
