// Origin checks: REST CORS and both Socket.IO transports accept only the site's allowed origins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../testing/test-server.ts';

describe('origins', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('should answer a CORS preflight from an allowed origin and refuse a foreign one', async () => {
    const ok = await t.server.app.request('/api/v1/conversations', {
      method: 'OPTIONS',
      headers: {
        origin: TEST_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), TEST_ORIGIN);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const foreign = await t.server.app.request('/api/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('should refuse a REST call from a foreign origin even with a valid token', async () => {
    const res = await t.api('alice', 'GET', '/api/v1/unread', undefined, { origin: 'http://evil.test' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden_origin');
    // Allowed for another site is not enough: the origin must belong to the token's site.
    const cross = await t.api('alice', 'GET', '/api/v1/unread', undefined, { origin: 'http://other.test' });
    assert.equal(cross.status, 403);
    const allowed = await t.api('alice', 'GET', '/api/v1/unread', undefined, { origin: TEST_ORIGIN });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), TEST_ORIGIN);
  });

  for (const transport of ['websocket', 'polling'] as const) {
    it(`should refuse a foreign origin on the ${transport} transport`, async () => {
      const token = await t.token('alice');
      const attempt = (origin: string) =>
        new Promise<{ connected: boolean; code?: string }>((resolve) => {
          const socket = connectClient(t.url, {
            auth: { token },
            transports: [transport],
            extraHeaders: { origin },
            reconnection: false,
            forceNew: true,
          });
          socket.once('connect', () => {
            socket.close();
            resolve({ connected: true });
          });
          socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
            socket.close();
            resolve({ connected: false, code: err.data?.code });
          });
        });
      assert.deepEqual(await attempt(TEST_ORIGIN), { connected: true });
      // An origin no site allows is refused by the transport itself, before the handshake.
      const evil = await attempt('http://evil.test');
      assert.equal(evil.connected, false);
      // An origin of another site is refused by the handshake, with a readable code.
      assert.deepEqual(await attempt('http://other.test'), { connected: false, code: 'forbidden_origin' });
    });
  }
});
