// The token matrix, on REST and on the Socket.IO handshake: only a correct token gets in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { signTestToken, unsignedToken } from '../testing/tokens.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('tokens', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const good = () => ({ siteId: t.site.id, secret: t.site.secret, sub: 'alice' });
  const now = () => Math.floor(Date.now() / 1000);

  /** Each case: a token (or null for none) that must be refused. */
  const badTokens: Array<[string, () => Promise<string | null>]> = [
    ['no token', async () => null],
    ['garbage', async () => 'not.a.jwt'],
    [
      'alg none',
      async () =>
        unsignedToken(
          { iss: 'market', aud: 'parley', sub: 'alice', iat: now(), exp: now() + 600 },
          { kid: 'market', typ: 'JWT' },
        ),
    ],
    ['wrong secret', async () => signTestToken({ ...good(), secret: 'not-the-secret' })],
    ['HS512 when only HS256 is allowed', async () => signTestToken({ ...good(), alg: 'HS512' })],
    ['wrong aud', async () => signTestToken({ ...good(), aud: 'someone-else' })],
    ['unknown kid', async () => signTestToken({ ...good(), kid: 'nope', iss: 'nope' })],
    ['kid is not iss', async () => signTestToken({ ...good(), iss: 'other' })],
    ['kid of another site signed with this secret', async () => signTestToken({ ...good(), kid: 'other', iss: 'other' })],
    ['expired beyond the skew', async () => signTestToken({ ...good(), issuedAt: -7200, expiresIn: -120 })],
    ['lives longer than 24 h', async () => signTestToken({ ...good(), expiresIn: 25 * 3600 })],
    ['issued in the future', async () => signTestToken({ ...good(), issuedAt: 600, expiresIn: 1200 })],
    ['sub too long', async () => signTestToken({ ...good(), sub: 'x'.repeat(129) })],
    ['picture not https', async () => signTestToken({ ...good(), picture: 'http://img.test/a.png' })],
    ['U+0000 in sub', async () => signTestToken({ ...good(), sub: 'ali\u0000ce' })],
    ['U+0000 in name', async () => signTestToken({ ...good(), name: 'Alice\u0000' })],
    ['U+0000 in picture', async () => signTestToken({ ...good(), picture: 'https://img.test/a\u0000.png' })],
    ['U+0000 in kid', async () => signTestToken({ ...good(), kid: 'market\u0000', iss: 'market\u0000' })],
    ['a lone surrogate in sub', async () => signTestToken({ ...good(), sub: 'alice\ud800' })],
    ['a lone surrogate in name', async () => signTestToken({ ...good(), name: '\udc00Alice' })],
    ['a newline in picture', async () => signTestToken({ ...good(), picture: 'https://img.test/a\n.png' })],
  ];

  for (const [name, make] of badTokens) {
    it(`should refuse a token with ${name} on REST (401) and on the socket (unauthorized)`, async () => {
      const token = await make();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const res = await t.server.app.request('/api/v1/unread', { headers });
      assert.equal(res.status, 401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unauthorized');
      assert.ok(body.error.message.length > 0);

      const socket = connectClient(t.url, {
        auth: token ? { token } : {},
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const err = await new Promise<Error & { data?: { code: string } }>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('connected with a bad token')));
      });
      socket.close();
      assert.equal(err.data?.code, 'unauthorized');
    });
  }

  it('should accept a token expired by less than the 60 s skew', async () => {
    const token = await signTestToken({ ...good(), issuedAt: -600, expiresIn: -30 });
    const res = await t.server.app.request('/api/v1/unread', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
  });

  it('should refuse a good token sent in the query string, on REST and on the socket', async () => {
    const token = await signTestToken(good());
    const res = await t.server.app.request(`/api/v1/unread?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    const socket = connectClient(t.url, {
      query: { token },
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve, reject) => {
      socket.once('connect_error', resolve);
      socket.once('connect', () => reject(new Error('connected with a token in the URL')));
    });
    socket.close();
    assert.equal(err.data?.code, 'unauthorized');
  });

  /** Query strings that try to carry a token: each refused on REST, whatever the parameter's case. */
  const tokenQueries = (token: string) => [
    `token=${token}`,
    `Token=${token}`,
    `bearer=${token}`,
    `BEARER=x`,
    `access_token=${token}`,
    `Access_Token=${token}`,
    `access-token=${token}`,
    `id_token=${token}`,
    `t=${token}`, // any name: the value is a JWT
  ];

  it('should refuse a token in the query string under any usual name or case, on REST, saying why', async () => {
    const token = await signTestToken(good());
    for (const query of tokenQueries(token)) {
      const res = await t.server.app.request(`/api/v1/unread?${query}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 401, query);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unauthorized', query);
      assert.match(body.error.message, /never travel in URLs/, query);
    }
    const plain = await t.server.app.request('/api/v1/conversations?limit=5', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(plain.status, 200, 'other parameters are fine');
  });

  it('should refuse a token in the handshake query under any usual name or case', async () => {
    const token = await signTestToken(good());
    for (const query of [{ Token: token }, { bearer: token }, { ACCESS_TOKEN: token }, { jwt: token }, { session: token }]) {
      const socket = connectClient(t.url, {
        query,
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const err = await new Promise<Error & { data?: { code: string; message: string } }>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error(`connected with ${JSON.stringify(Object.keys(query))} in the URL`)));
      });
      socket.close();
      assert.equal(err.data?.code, 'unauthorized');
      assert.match(err.data?.message ?? '', /never travel in URLs/);
    }
  });

  it('should take the name and picture from each new token', async () => {
    const first = await signTestToken({ ...good(), sub: 'renamed', name: 'Old Name' });
    await t.server.app.request('/api/v1/unread', { headers: { authorization: `Bearer ${first}` } });
    const second = await signTestToken({ ...good(), sub: 'renamed', name: 'New Name', picture: 'https://img.test/p.png' });
    await t.server.app.request('/api/v1/unread', { headers: { authorization: `Bearer ${second}` } });
    const [row] = await t.db.sql`SELECT name, picture FROM users WHERE site_id = ${t.site.id} AND id = 'renamed'`;
    assert.deepEqual(row, { name: 'New Name', picture: 'https://img.test/p.png' });
  });
});
