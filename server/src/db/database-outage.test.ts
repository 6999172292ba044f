// The database going away and coming back: `unavailable` meanwhile, the process stays up and recovers, even mid-burst.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message, UnreadCounts } from '../../../protocol/index.ts';
import { createLogger } from '../logger.ts';
import { startServer, type ParleyServer } from '../server.ts';
import { TcpProxy } from '../testing/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase, withDatabase } from '../testing/test-database.ts';
import { signTestToken } from '../testing/tokens.ts';
import { openDatabase, type Database } from './sql.ts';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Site } from '../identity/sites.repository.ts';
import { formatCounts, tallyFault, type SentBy } from '../testing/fault-report.ts';
import { OutboxClient } from '../testing/outbox-client.ts';
import { WatchingClient } from '../testing/watching-client.ts';

const PAIRS = 25; // 50 clients in the burst
const PER_CLIENT = 10;
/** How long the database refuses connections in the burst test. */
const REFUSED_MS = 2000;

/** Polls `check` until it is true: the recovery is awaited as an event, not guessed with a sleep. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('database outage', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;
  let server: ParleyServer;
  let site: Site;
  let conv: Conversation;

  before(async () => {
    testDb = await createTestDatabase();
    proxy = new TcpProxy({ host: '127.0.0.1', port: Number(new URL(testDb.url).port || 5432) });
    await proxy.start();
    const url = new URL(withDatabase(testDb.url, testDb.name));
    url.port = String(proxy.port);
    url.hostname = '127.0.0.1';
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', logger: createLogger('silent'), max: 4 });
    server = await startServer({
      config: { port: 0, host: '127.0.0.1', jwtAlgorithms: ['HS256'], shutdownGraceMs: 1000 },
      db,
      logger: createLogger('silent'),
    });
    site = await server.services.sites.upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
    const res = await api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_o' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
    await api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'before', body: 'before the outage' });
  });
  after(async () => {
    await server.close();
    await db.close();
    await proxy.cut();
    await testDb.drop();
  });

  const token = (user: string) => signTestToken({ siteId: site.id, secret: site.secret, sub: user });
  async function api(user: string, method: string, path: string, body?: unknown) {
    const token = await signTestToken({ siteId: site.id, secret: site.secret, sub: user });
    return server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  it('should answer unavailable while the database is gone, then recover by itself', async () => {
    const token = await signTestToken({ siteId: site.id, secret: site.secret, sub: 'alice' });
    const socket: Socket = connectClient(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    await proxy.cut();

    const rest = await api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'during', body: 'x' });
    assert.equal(rest.status, 503);
    assert.equal(((await rest.json()) as { error: { code: string } }).error.code, 'unavailable');
    const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      socket.emit('message:send', { conversationId: conv.id, clientId: 'during-socket', body: 'x' }, resolve),
    );
    assert.equal(ack.error?.code, 'unavailable');
    assert.equal((await server.app.request('/readyz')).status, 503);
    assert.equal((await server.app.request('/healthz')).status, 200, 'the process is alive');

    await proxy.start();
    await waitUntil(async () => (await server.app.request('/readyz')).status === 200);

    const after = await api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      clientId: 'during',
      body: 'retried',
    });
    assert.equal(after.status, 201, 'the same clientId goes through once the database is back');
    const retried = await new Promise<{ ok: boolean }>((resolve) =>
      socket.emit('message:send', { conversationId: conv.id, clientId: 'during-socket', body: 'x' }, resolve),
    );
    assert.ok(retried.ok);
    const page = await api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`);
    const { messages } = (await page.json()) as { messages: Message[] };
    assert.deepEqual(
      messages.map((m) => [m.seq, m.clientId]),
      [
        [1, 'before'],
        [2, 'during'],
        [3, 'during-socket'],
      ],
    );
    socket.close();
  });

  it(
    'should ack no send without its row during a burst from 50 clients, and take every retry once',
    { timeout: 120_000 },
    async (t) => {
      const conversations: Conversation[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const res = await api(`b${i}`, 'POST', '/api/v1/conversations', { sellerId: `s${i}`, listing: { id: `ad_b${i}` } });
        conversations.push(((await res.json()) as { conversation: Conversation }).conversation);
      }
      const users = conversations.flatMap((conv, i) => [`b${i}`, `s${i}`].map((userId) => ({ userId, conv })));
      const watchers = await Promise.all(
        users.map(async ({ userId, conv }) => {
          const w = new WatchingClient(userId, [conv.id]);
          await w.connect(server.url, await token(userId));
          return w;
        }),
      );
      const total = users.length * PER_CLIENT;
      let acks = 0;
      const outage: { done: Promise<void> | null; atAck: number; took: number } = { done: null, atAck: 0, took: 0 };
      const cutOnce = () => {
        // A restart as clients see it: every connection dropped mid-burst, refused for a while, then back.
        outage.atAck = acks;
        const started = Date.now();
        outage.done = proxy.cut().then(async () => {
          await new Promise((r) => setTimeout(r, REFUSED_MS));
          await proxy.start();
          outage.took = Date.now() - started;
        });
      };
      const deadline = Date.now() + 90_000;
      const reports = await Promise.all(
        users.map(async ({ userId, conv }) =>
          new OutboxClient({
            urls: [server.url],
            home: 0,
            token: await token(userId),
            deadline,
            onAck: () => {
              if (++acks >= total / 3 && !outage.done) cutOnce();
            },
          }).drain(
            Array.from({ length: PER_CLIENT }, (_, k) => ({
              conversationId: conv.id,
              clientId: `${userId}-${k}`,
              body: `${userId} #${k}`,
            })),
          ),
        ),
      );
      await outage.done;
      const senders: SentBy[] = users.map(({ userId }, i) => ({
        userId,
        clientIds: Array.from({ length: PER_CLIENT }, (_, k) => `${userId}-${k}`),
        acked: reports[i]!.acked,
      }));
      // Every client catches up as it would after reconnecting; then the counts are compared.
      await Promise.all(watchers.map((w) => w.sync()));
      const serverUnread = async (userId: string) => (await (await api(userId, 'GET', '/api/v1/unread')).json()) as UnreadCounts;
      const counts = await tallyFault(testDb, senders, watchers, serverUnread);
      for (const w of watchers) w.close();
      const refused = reports.reduce((n, r) => n + (r.refused.unavailable ?? 0), 0);
      t.diagnostic(
        `database cut at ack #${outage.atAck} of ${total}, back after ${outage.took} ms; ${refused} sends answered unavailable, ` +
          `${reports.reduce((n, r) => n + r.retries, 0)} retries, ${reports.reduce((n, r) => n + r.reconnects, 0)} reconnects`,
      );
      t.diagnostic(`50 clients: ${formatCounts(counts)}`);
      assert.ok(refused > 0, 'the outage did refuse sends');
      assert.equal(counts.sent, total);
      assert.equal(counts.acked, total, 'every send was acknowledged in the end');
      assert.equal(counts.stored, total);
      for (const key of ['lostAcked', 'missingAtClients', 'duplicates', 'outOfOrder', 'gappy', 'unreadMismatches'] as const) {
        assert.equal(counts[key], 0, key);
      }
      assert.equal((await server.app.request('/readyz')).status, 200, 'recovered by itself');
    },
  );
});
