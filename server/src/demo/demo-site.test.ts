// The demo site's public secret opens nothing outside demo mode, whatever the database holds; demo mode on DATABASE_URL warns.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { SitesRepository } from '../identity/sites.repository.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { signTestToken } from '../testing/tokens.ts';
import { DEMO_SITE, demoOrigins } from './demo-users.ts';
import { signDemoToken } from './demo.routes.ts';

const DEMO_ORIGIN = demoOrigins([8787])[0]!;

async function stop(proc: ServerProcess | undefined) {
  if (!proc || proc.child.exitCode !== null) return;
  proc.child.kill('SIGTERM');
  await proc.exited;
}

async function handshakeError(url: string, token: string): Promise<{ code?: string; message?: string } | 'connected'> {
  const socket = connectClient(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve) => {
      socket.once('connect_error', (err: Error & { data?: { code: string; message: string } }) => resolve(err.data ?? {}));
      socket.once('connect', () => resolve('connected'));
    });
  } finally {
    socket.close();
  }
}

describe('demo site', () => {
  let db: TestDatabase;
  let proc: ServerProcess | undefined;
  let market: { id: string; secret: string };
  before(async () => {
    db = await createTestDatabase({ max: 2 });
    // What `npm start` leaves in a database: the demo site with its public secret, and a real site.
    const sites = new SitesRepository(db.sql);
    await sites.upsert({ ...DEMO_SITE, allowedOrigins: [DEMO_ORIGIN] });
    market = await sites.upsert({ id: 'market', name: 'Market', allowedOrigins: ['http://market.test'] });
  });
  after(async () => {
    await stop(proc);
    await db.drop();
  });

  it('should refuse tokens signed with the demo secret on a server started without PARLEY_DEMO', async () => {
    proc = await startServerProcess({ DATABASE_URL: db.url, PARLEY_DEMO: '' });
    const demoToken = await signDemoToken('alice');
    const res = await fetch(`${proc.url}/api/v1/unread`, { headers: { authorization: `Bearer ${demoToken}` } });
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(res.status, 401);
    assert.equal(body.error.code, 'unauthorized');
    assert.match(body.error.message, /demo mode/);
    const refused = await handshakeError(proc.url, demoToken);
    assert.notEqual(refused, 'connected');
    assert.equal(refused !== 'connected' && refused.code, 'unauthorized');

    const preflight = await fetch(`${proc.url}/api/v1/unread`, {
      method: 'OPTIONS',
      headers: { origin: DEMO_ORIGIN, 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 403, 'the demo origins are not allowed either');

    const marketToken = await signTestToken({ siteId: market.id, secret: market.secret, sub: 'alice' });
    const ok = await fetch(`${proc.url}/api/v1/unread`, { headers: { authorization: `Bearer ${marketToken}` } });
    assert.equal(ok.status, 200, 'a real site on the same server works');
    assert.equal(await handshakeError(proc.url, marketToken), 'connected');
    assert.ok(!proc.logs.some((l) => l.includes('DEMO MODE')), 'no demo warning outside demo mode');
    await stop(proc);
  });

  it('should warn once and loudly in demo mode on DATABASE_URL, and accept demo tokens there', async () => {
    proc = await startServerProcess({ DATABASE_URL: db.url, PARLEY_DEMO: '1' });
    const warnings = proc.logs
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.msg.includes('DEMO MODE ON A REAL DATABASE'));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.level, 40, 'a warning');
    assert.match(warnings[0]!.msg, /site "demo"/);
    assert.match(warnings[0]!.msg, /public/);
    assert.ok(!proc.logs.join('\n').includes(db.url), 'the database URL (and any password in it) is not logged');
    assert.ok(!proc.logs.join('\n').includes(DEMO_SITE.secret), 'nor the secret');

    const res = await fetch(`${proc.url}/api/v1/unread`, {
      headers: { authorization: `Bearer ${await signDemoToken('alice')}` },
    });
    assert.equal(res.status, 200);
    await stop(proc);
  });
});
