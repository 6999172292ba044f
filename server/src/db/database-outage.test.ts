// The database going away and coming back: `unavailable` meanwhile, the process stays up and recovers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { createLogger } from '../logger.ts';
import { startServer, type ParleyServer } from '../server.ts';
import { TcpProxy } from '../testing/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase, withDatabase } from '../testing/test-database.ts';
import { signTestToken } from '../testing/tokens.ts';
import { openDatabase, type Database } from './sql.ts';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Site } from '../identity/sites.repository.ts';

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

    const after = await api('alice', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'during', body: 'retried' });
    assert.equal(after.status, 201, 'the same clientId goes through once the database is back');
    const retried = await new Promise<{ ok: boolean }>((resolve) =>
      socket.emit('message:send', { conversationId: conv.id, clientId: 'during-socket', body: 'x' }, resolve),
    );
    assert.ok(retried.ok);
    const page = await api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`);
    const { messages } = (await page.json()) as { messages: Message[] };
    assert.deepEqual(messages.map((m) => [m.seq, m.clientId]), [[1, 'before'], [2, 'during'], [3, 'during-socket']]);
    socket.close();
  });
});
