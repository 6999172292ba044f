// The real process: SIGTERM stops accepting, finishes what is in flight, exits cleanly; logs hold no token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import type { Conversation } from '../../protocol/index.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { signTestToken } from './testing/tokens.ts';
import { SitesRepository } from './identity/sites.repository.ts';

describe('server process', () => {
  let db: TestDatabase;
  let proc: ServerProcess;
  before(async () => {
    db = await createTestDatabase();
    proc = await startServerProcess({ DATABASE_URL: db.url });
  });
  after(async () => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await db.drop();
  });

  it('should finish an in-flight send after SIGTERM, refuse new connections, exit 0 and never log a token', async () => {
    const site = await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
    const token = await signTestToken({ siteId: site.id, secret: site.secret, sub: 'alice' });
    const res = await fetch(`${proc.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'bob', listing: { id: 'ad_l' } }),
    });
    const { conversation } = (await res.json()) as { conversation: Conversation };

    const socket = connectClient(proc.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    // Hold the conversation row so the send stays in flight for as long as the test decides.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM conversations WHERE id = ${conversation.id} FOR UPDATE`;
      locked();
      await released;
    });
    await isLocked;
    const ack = new Promise<{ ok: boolean }>((resolve) =>
      socket.emit('message:send', { conversationId: conversation.id, clientId: 'in-flight', body: 'almost lost' }, resolve),
    );
    // The send is waiting on the row lock once PostgreSQL shows a backend waiting for it.
    for (;;) {
      const [w] = await db.sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`;
      if (w!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.child.kill('SIGTERM');
    // New connections are refused while the in-flight send waits.
    for (;;) {
      const refused = await fetch(`${proc.url}/healthz`).then(
        () => false,
        () => true,
      );
      if (refused) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(proc.child.exitCode, null, 'still finishing');
    release();
    await holder;
    assert.deepEqual((await ack).ok, true, 'the in-flight send was acked');
    assert.equal(await proc.exited, 0);
    const [row] = await db.sql`SELECT body FROM messages WHERE client_id = 'in-flight'`;
    assert.equal(row!.body, 'almost lost');
    const logs = proc.logs.join('\n');
    assert.ok(logs.includes('"path":"/api/v1/conversations"'), 'requests are logged');
    assert.ok(!logs.includes(token), 'the token never reaches the logs');
    assert.ok(logs.includes('"requestId"'), 'log lines carry a request id');
    socket.close();
  });
});
