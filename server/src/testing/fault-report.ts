// The counts every fault scenario prints and asserts: sent, stored, received, lost, duplicates, order, gaps, unread.
import type { Message, UnreadCounts } from '../../../protocol/index.ts';
import type { TestDatabase } from './test-database.ts';
import type { WatchingClient } from './watching-client.ts';

/** What one sender sent (in this order) and what the server acknowledged, by clientId. */
export interface SentBy {
  userId: string;
  clientIds: string[];
  acked: Map<string, Message>;
}

/** The outcome of a scenario; it passes when every "bad" count is 0. */
export interface FaultCounts {
  sent: number;
  acked: number;
  stored: number;
  /** Per watching client: the messages it holds. */
  received: Record<string, number>;
  /** Acknowledged messages missing (or different) in the database. */
  lostAcked: number;
  /** Stored messages a watching client of that conversation does not hold. */
  missingAtClients: number;
  /** The same (sender, clientId) stored more than once, or stored without having been sent. */
  duplicates: number;
  /** Senders whose messages were stored out of their sending order. */
  outOfOrder: number;
  /** Conversations whose seqs are not 1..last_seq. */
  gappy: number;
  /** Watching clients whose unread counts differ from the server's. */
  unreadMismatches: number;
}

type Row = { id: string; conversation_id: string; seq: number; sender_id: string; client_id: string; body: string };

/** Compares what was sent and acknowledged, what the database holds, and what each client holds. */
export async function tallyFault(
  db: TestDatabase,
  senders: SentBy[],
  watchers: WatchingClient[],
  serverUnread: (userId: string) => Promise<UnreadCounts>,
): Promise<FaultCounts> {
  // The scenario's conversations are those its clients watch: others in the database are not its business.
  const ids = [...new Set(watchers.flatMap((w) => [...w.threads.keys()]))];
  const rows = await db.sql<Row[]>`
    SELECT id, conversation_id, seq, sender_id, client_id, body FROM messages
    WHERE client_id IS NOT NULL AND conversation_id IN ${db.sql(ids)} ORDER BY conversation_id, seq`;
  const stored = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.sender_id}\u0000${r.client_id}`;
    stored.set(key, [...(stored.get(key) ?? []), r]);
  }
  let lostAcked = 0;
  let outOfOrder = 0;
  for (const s of senders) {
    for (const [clientId, m] of s.acked) {
      const found = stored.get(`${s.userId}\u0000${clientId}`)?.[0];
      if (!found || found.id !== m.id || found.seq !== m.seq || found.body !== m.body) lostAcked++;
    }
    const seqs = s.clientIds.map((id) => stored.get(`${s.userId}\u0000${id}`)?.[0]?.seq ?? -1);
    if (seqs.some((seq, k) => k > 0 && seq !== -1 && seq <= seqs[k - 1]!)) outOfOrder++;
  }
  const sentKeys = new Set(senders.flatMap((s) => s.clientIds.map((id) => `${s.userId}\u0000${id}`)));
  const duplicates =
    [...stored.values()].reduce((n, copies) => n + copies.length - 1, 0) +
    [...stored.keys()].filter((k) => !sentKeys.has(k)).length;

  const all = await db.sql<{ conversation_id: string; seq: number }[]>`
    SELECT conversation_id, seq FROM messages WHERE conversation_id IN ${db.sql(ids)}`;
  const byConversation = new Map<string, Set<number>>();
  for (const r of all) byConversation.set(r.conversation_id, (byConversation.get(r.conversation_id) ?? new Set()).add(r.seq));
  const lastSeqs = await db.sql<
    { id: string; last_seq: number }[]
  >`SELECT id, last_seq FROM conversations WHERE id IN ${db.sql(ids)}`;
  const gappy = lastSeqs.filter(({ id, last_seq }) => {
    const seqs = byConversation.get(id) ?? new Set();
    return seqs.size !== last_seq || [...seqs].some((seq) => seq < 1 || seq > last_seq);
  }).length;

  let missingAtClients = 0;
  let unreadMismatches = 0;
  const received: Record<string, number> = {};
  for (const w of watchers) {
    let held = 0;
    for (const [id, thread] of w.threads) {
      held += thread.size;
      for (const seq of byConversation.get(id) ?? []) if (!thread.has(seq)) missingAtClients++;
    }
    received[w.userId] = held;
    const server = await serverUnread(w.userId);
    if ([...w.threads.keys()].some((id) => (server.conversations[id] ?? 0) !== (w.unread.get(id) ?? 0))) unreadMismatches++;
  }
  return {
    sent: sentKeys.size,
    acked: senders.reduce((n, s) => n + s.acked.size, 0),
    stored: rows.length,
    received,
    lostAcked,
    missingAtClients,
    duplicates,
    outOfOrder,
    gappy,
    unreadMismatches,
  };
}

/** One line of the counts, for `t.diagnostic` (received as min..max over clients). */
export function formatCounts(c: FaultCounts): string {
  const r = Object.values(c.received);
  return (
    `sent ${c.sent}, acked ${c.acked}, stored ${c.stored}, received per client ${Math.min(...r)}..${Math.max(...r)} ` +
    `(${r.length} clients), lost acknowledged ${c.lostAcked}, missing at clients ${c.missingAtClients}, ` +
    `duplicates ${c.duplicates}, senders out of order ${c.outOfOrder}, conversations with seq gaps ${c.gappy}, ` +
    `clients with unread different from the server's ${c.unreadMismatches}`
  );
}
