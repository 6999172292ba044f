// One deeply nested frame must not end the process: every event, acked or not, websocket and long polling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS, type Conversation } from '../../../protocol/index.ts';
import { SitesRepository } from '../identity/sites.repository.ts';
import { deepArrayJson, deepObjectJson, RawFrames } from '../testing/raw-frames.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { connectSocket, type ClientSocket } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';

const EVENTS = ['message:send', 'message:delete', 'conversation:read', 'conversation:mute', 'sync', 'typing', 'message:edit'];

describe('deeply nested socket payloads against the real process', () => {
  let db: TestDatabase;
  let proc: ServerProcess;
  let token: string;
  let conversation: Conversation;
  const sockets = new Set<ClientSocket>();

  before(async () => {
    db = await createTestDatabase();
    // The real entry point in its own process: a crash shows as an exit, not as a failure of this runner.
    proc = await startServerProcess({ DATABASE_URL: db.url });
    const site = await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
    token = await signTestToken({ siteId: site.id, secret: site.secret, sub: 'alice' });
    const res = await fetch(`${proc.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'bob', listing: { id: 'ad_deep' } }),
    });
    conversation = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(async () => {
    for (const s of sockets) s.close();
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await db.drop();
  });

  for (const transport of ['websocket', 'polling']) {
    it(`should answer invalid to a 10 KB frame nested 5,000 levels deep on every event over ${transport}`, async () => {
      const socket = await connectSocket(proc.url, token, { transports: [transport], track: sockets });
      const raw = new RawFrames(socket);
      for (const event of EVENTS) {
        for (const payload of [deepArrayJson(5000), deepObjectJson(2000)]) {
          raw.emit(event, payload); // not acked: nobody to answer, and nothing may break
          const ack = (await raw.request(event, payload)) as { ok: boolean; error?: { code: string; message: string } };
          assert.equal(ack.ok, false, event);
          assert.equal(ack.error?.code, 'invalid', `${event}: ${ack.error?.message}`);
          assert.match(ack.error!.message, event === 'message:edit' ? /Unknown event/ : /nested deeper than 32 levels/);
        }
      }
      // The same connection still serves a well-formed request.
      const sync = (await raw.request('sync', JSON.stringify({ conversations: {} }))) as { ok: boolean };
      assert.equal(sync.ok, true);
      assert.equal(proc.child.exitCode, null, 'the process is still up');
      socket.close();
    });

    it(`should refuse a 200 KB frame nested 100,000 levels deep and a 70 KB flat one over ${transport}`, async () => {
      const socket = await connectSocket(proc.url, token, { transports: [transport], track: sockets });
      const raw = new RawFrames(socket);
      const deep = (await raw.request('message:send', deepArrayJson(100_000))) as { error?: { code: string } };
      assert.equal(deep.error?.code, 'invalid');
      const flat = JSON.stringify({ conversationId: conversation.id, clientId: 'big', body: 'x'.repeat(70 * 1024) });
      const big = (await raw.request('message:send', flat)) as { error?: { code: string } };
      assert.equal(big.error?.code, 'payload_too_large');
      assert.ok(flat.length > LIMITS.maxPayloadBytes);
      socket.close();
    });
  }

  it('should still be up afterwards: /healthz, a send and a read, and no error escaped to the process', async () => {
    assert.equal(proc.child.exitCode, null);
    assert.equal((await fetch(`${proc.url}/healthz`)).status, 200);
    const socket = await connectSocket(proc.url, token, { track: sockets });
    const raw = new RawFrames(socket);
    const sent = (await raw.request(
      'message:send',
      JSON.stringify({ conversationId: conversation.id, clientId: 'after-deep', body: 'still here' }),
    )) as { ok: boolean; data: { seq: number } };
    assert.equal(sent.ok, true);
    const read = (await raw.request(
      'conversation:read',
      JSON.stringify({ conversationId: conversation.id, seq: sent.data.seq }),
    )) as {
      ok: boolean;
    };
    assert.equal(read.ok, true);
    const res = await fetch(`${proc.url}/api/v1/conversations/${conversation.id}/messages`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { messages } = (await res.json()) as { messages: Array<{ body: string }> };
    assert.deepEqual(
      messages.map((m) => m.body),
      ['still here'],
    );
    const escaped = proc.logs.filter((line) => /uncaught|unhandled/i.test(line));
    assert.deepEqual(escaped, [], 'nothing reached the process-level guard');
    socket.close();
  });
});
