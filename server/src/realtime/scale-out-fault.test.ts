// Fault test: 50 clients send 1,000 messages over two processes; one is SIGKILLed halfway and restarted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { startTestCluster, type TestCluster } from '../testing/cluster.ts';
import { OutboxClient, type OutboxItem, type OutboxReport } from '../testing/outbox-client.ts';
import { request, type ClientSocket } from '../testing/test-server.ts';

const PAIRS = 25; // 50 clients: a buyer and a seller per conversation
const PER_CLIENT = 20; // 1,000 messages in all
const KILLED = 0;

interface Sender {
  userId: string;
  home: number;
  items: OutboxItem[];
}

describe('two processes, one killed with SIGKILL mid-load', () => {
  let c: TestCluster;
  const conversations: Conversation[] = [];

  before(async () => {
    c = await startTestCluster(2);
    for (let i = 0; i < PAIRS; i++) {
      const res = await fetch(`${c.processes[i % 2]!.url}/api/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await c.token(`buyer${i}`)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sellerId: `seller${i}`, listing: { id: `ad_${i}` } }),
      });
      assert.equal(res.status, 201);
      conversations.push(((await res.json()) as { conversation: Conversation }).conversation);
    }
  });
  after(() => c?.close());

  it(
    "should lose no acknowledged message, store none twice, keep each sender's order and gapless seqs",
    { timeout: 60_000 },
    async (t) => {
      const senders: Sender[] = conversations.flatMap((conv, i) =>
        [`buyer${i}`, `seller${i}`].map((userId, side) => ({
          userId,
          home: (i + side) % 2, // buyer and seller of a conversation always on different processes
          items: Array.from({ length: PER_CLIENT }, (_, k) => ({
            conversationId: conv.id,
            clientId: `${userId}-${k}`,
            body: `${userId} #${k}`,
          })),
        })),
      );
      const total = senders.length * PER_CLIENT;
      const urls = c.processes.map((p) => p.url);
      let acks = 0;
      let killedAtAck = -1;
      // An object, not a `let`: TypeScript does not see the assignment made inside onAck.
      const kill: { restarted: Promise<void> | null } = { restarted: null };
      const deadline = Date.now() + 45_000;

      const reports = await Promise.all(
        senders.map(async (s) =>
          new OutboxClient({
            urls,
            home: s.home,
            token: await c.token(s.userId),
            deadline,
            onAck: () => {
              if (++acks >= total / 2 && !kill.restarted) {
                killedAtAck = acks;
                kill.restarted = c.kill(KILLED).then(async () => {
                  await c.restart(KILLED);
                });
              }
            },
          }).drain(s.items),
        ),
      );
      assert.ok(kill.restarted, 'a process was killed');
      await kill.restarted;

      const result = await check(c, senders, reports);
      t.diagnostic(
        `killed process ${KILLED} at ack #${killedAtAck} and restarted it; ${result.retries} retries, ${result.reconnects} reconnects`,
      );
      t.diagnostic(
        `sent ${result.sent}, acked ${result.acked}, stored ${result.stored}, lost acknowledged ${result.lostAcked}, ` +
          `duplicates ${result.duplicates}, senders out of order ${result.outOfOrder}, conversations with seq gaps ${result.gappy}`,
      );
      assert.equal(result.sent, total);
      assert.equal(result.acked, total, 'every message was eventually acknowledged');
      assert.equal(result.stored, total);
      assert.equal(result.lostAcked, 0);
      assert.equal(result.duplicates, 0);
      assert.equal(result.outOfOrder, 0);
      assert.equal(result.gappy, 0);
      assert.ok(result.reconnects > 0, 'the kill did cut clients off');

      // The restarted process serves the catch-up: each buyer gets exactly what the database holds.
      const buyer: ClientSocket = await c.connect(KILLED, 'buyer0');
      const sync = await request<{ messages: Message[] }>(buyer, 'sync', { conversations: { [conversations[0]!.id]: 0 } });
      assert.ok(sync.ok);
      const [{ n }] = (await c.db
        .sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${conversations[0]!.id}`) as unknown as [
        { n: number },
      ];
      assert.equal(sync.data.messages.length, n);
      assert.deepEqual(
        sync.data.messages.map((m) => m.seq),
        Array.from({ length: n }, (_, i) => i + 1),
      );
      buyer.disconnect();
    },
  );
});

/** Compares what every client sent and was acknowledged with what the database holds. */
async function check(c: TestCluster, senders: Sender[], reports: OutboxReport[]) {
  const rows = await c.db.sql<
    { id: string; conversation_id: string; seq: number; sender_id: string; client_id: string; body: string }[]
  >`
    SELECT id, conversation_id, seq, sender_id, client_id, body FROM messages ORDER BY conversation_id, seq`;
  const stored = new Map<string, (typeof rows)[number][]>();
  for (const r of rows)
    stored.set(`${r.sender_id}\u0000${r.client_id}`, [...(stored.get(`${r.sender_id}\u0000${r.client_id}`) ?? []), r]);

  let lostAcked = 0;
  let outOfOrder = 0;
  senders.forEach((s, i) => {
    for (const [clientId, message] of reports[i]!.acked) {
      const found = stored.get(`${s.userId}\u0000${clientId}`)?.[0];
      if (!found || found.id !== message.id || found.seq !== message.seq || found.body !== message.body) lostAcked++;
    }
    // Stored in the order the client sent them: seqs increase with the item index.
    const seqs = s.items.map((item) => stored.get(`${s.userId}\u0000${item.clientId}`)?.[0]?.seq ?? -1);
    if (seqs.some((seq, k) => k > 0 && seq <= seqs[k - 1]!)) outOfOrder++;
  });
  const sentIds = new Set(senders.flatMap((s) => s.items.map((item) => `${s.userId}\u0000${item.clientId}`)));
  const duplicates =
    [...stored.values()].reduce((n, copies) => n + copies.length - 1, 0) +
    [...stored.keys()].filter((k) => !sentIds.has(k)).length;

  const byConversation = new Map<string, number[]>();
  for (const r of rows) byConversation.set(r.conversation_id, [...(byConversation.get(r.conversation_id) ?? []), r.seq]);
  const lastSeqs = await c.db.sql<{ id: string; last_seq: number }[]>`SELECT id, last_seq FROM conversations`;
  const gappy = lastSeqs.filter(({ id, last_seq }) => {
    const seqs = byConversation.get(id) ?? [];
    return seqs.length !== last_seq || seqs.some((seq, k) => seq !== k + 1);
  }).length;

  return {
    sent: sentIds.size,
    acked: reports.reduce((n, r) => n + r.acked.size, 0),
    stored: rows.length,
    lostAcked,
    duplicates,
    outOfOrder,
    gappy,
    retries: reports.reduce((n, r) => n + r.retries, 0),
    reconnects: reports.reduce((n, r) => n + r.reconnects, 0),
  };
}
