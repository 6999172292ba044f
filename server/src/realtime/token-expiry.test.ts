// A socket lives no longer than its token: told `session:expired`, disconnected, and nothing it sends afterwards is done.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS, type Conversation, type SessionExpiredEvent } from '../../../protocol/index.ts';
import { connectSocket, request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';

describe('token expiry on sockets', () => {
  let t: TestServer;
  let conv: Conversation;
  before(async () => {
    t = await startTestServer();
    const res = await t.api('exp_b', 'POST', '/api/v1/conversations', { sellerId: 'exp_s', listing: { id: 'ad_exp' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(() => t.close());

  /**
   * A token the server accepts for about `seconds` more: its `exp` is already past, by less than the
   * allowed clock skew, which is when REST and a new handshake would refuse it too.
   */
  const tokenAcceptedFor = (seconds: number) =>
    signTestToken({
      siteId: t.site.id,
      secret: t.site.secret,
      sub: 'exp_b',
      issuedAt: -600,
      expiresIn: seconds - LIMITS.tokenClockSkewSec,
    });
  const acceptedUntilOf = (token: string) =>
    ((JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp + LIMITS.tokenClockSkewSec) *
    1000;

  /** Resolves when the socket is told its session expired and is then disconnected, in that order (within `timeoutMs`). */
  function expiry(socket: ClientSocket, timeoutMs = 10_000): Promise<{ event: SessionExpiredEvent; reason: string; at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
      let event: SessionExpiredEvent | null = null;
      socket.once('session:expired', (e) => (event = e));
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        if (event) resolve({ event, reason, at: Date.now() });
        else reject(new Error(`disconnected (${reason}) without session:expired`));
      });
    });
  }

  it('should disconnect a socket when its token stops being accepted, and refuse its token afterwards', async () => {
    const token = await tokenAcceptedFor(2);
    const deadline = acceptedUntilOf(token);
    const socket = await connectSocket(t.url, token);
    const longLived = await t.connect('exp_b');
    const ended = expiry(socket);
    const sent = await request(socket, 'message:send', { conversationId: conv.id, clientId: 'before-expiry', body: 'in time' });
    assert.ok(sent.ok, 'the socket works until then');

    const { event, reason, at } = await ended;
    assert.deepEqual(event.code, 'token_expired');
    assert.ok(event.message.length > 10);
    assert.equal(reason, 'io server disconnect');
    assert.ok(at >= deadline - 50, `not before the deadline (${deadline - at} ms early)`);
    assert.ok(at < deadline + 1000, `on time (${at - deadline} ms late)`);
    assert.ok(longLived.connected, 'a socket with a valid token of the same user stays');

    // The same socket cannot come back with the same token.
    const refused = await new Promise<Error & { data?: { code: string } }>((resolve, reject) => {
      socket.once('connect_error', resolve);
      socket.once('connect', () => reject(new Error('reconnected with an expired token')));
      socket.connect();
    });
    assert.equal(refused.data?.code, 'unauthorized');
    socket.close();
    longLived.disconnect();
  });

  it('should refuse a request that arrives after the deadline before the timer ran, and disconnect', async () => {
    const socket = await t.connect('exp_b');
    const [serverSide] = await t.server.io.fetchSockets();
    assert.ok(serverSide);
    const live = t.server.io.of('/').sockets.get(serverSide.id)!;
    // As if the event loop were too busy for the timer: the deadline has passed, the timer has not run.
    live.data.tokenAcceptedUntil = Date.now() - 1;
    const ended = expiry(socket);
    const ack = await request(socket, 'message:send', { conversationId: conv.id, clientId: 'after-expiry', body: 'too late' });
    assert.equal(!ack.ok && ack.error.code, 'unauthorized');
    await ended;
    const [row] = await t.db.sql`SELECT count(*)::int AS n FROM messages WHERE client_id = 'after-expiry'`;
    assert.equal(row!.n, 0, 'nothing sent past the deadline is stored');
  });
});
