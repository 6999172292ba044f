// The per-user socket cap: the handshake beyond it is refused `rate_limited`, a closed socket frees its place.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { ConnectErrorData } from '../../../protocol/index.ts';
import { DEFAULT_MAX_SOCKETS_PER_USER, readConfig } from '../config.ts';
import { startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';
import { SocketCap } from './socket-cap.ts';

const CAP = 3;

describe('sockets per user', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ config: { maxSocketsPerUser: CAP } });
  });
  after(() => t.close());

  /** Resolves once the server has seen `socket` go. */
  function closeAndWait(socket: ClientSocket): Promise<void> {
    const serverSide = t.server.io.of('/').sockets.get(socket.id!);
    assert.ok(serverSide, 'the server knows the socket');
    const gone = new Promise<void>((resolve) => serverSide.once('disconnect', () => resolve()));
    socket.disconnect();
    return gone;
  }

  it('should refuse the handshake beyond the cap with rate_limited, for that user only', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => t.connect('hoarder')));
    const refusal = await t.connect('hoarder').then(
      () => assert.fail('one socket too many was accepted'),
      (err: Error & { data?: ConnectErrorData }) => err.data,
    );
    assert.equal(refusal?.code, 'rate_limited');
    assert.match(refusal!.message, /too many connections/i);
    assert.ok((await t.connect('neighbour')).connected, 'another user is not affected');

    await closeAndWait(held[0]!);
    assert.ok((await t.connect('hoarder')).connected, 'a closed socket frees its place');
    await assert.rejects(t.connect('hoarder'), (err: Error & { data?: ConnectErrorData }) => err.data?.code === 'rate_limited');
  });

  it('should count the same user id of another site apart', async () => {
    await Promise.all(Array.from({ length: CAP }, () => t.connect('twin')));
    assert.ok((await t.connect('twin', { site: t.otherSite })).connected);
  });

  it('should refuse a barred user until the bar expires, then count them as before', () => {
    let now = 0;
    const cap = new SocketCap(2, { now: () => now });
    const middleware = cap.middleware();
    /** The parts of a server socket the middleware reads: its user and its transport's close. */
    const handshake = (userId: string) => {
      const socket = Object.assign(new EventEmitter(), { data: { siteId: 's', userId }, conn: new EventEmitter() });
      let outcome: string | undefined;
      middleware(
        socket as never,
        (err?: Error) => (outcome = err ? (err as Error & { data: { code: string } }).data.code : 'ok'),
      );
      return { outcome, socket };
    };
    cap.bar('s', 'flooder', 10_000);
    assert.equal(handshake('flooder').outcome, 'rate_limited');
    assert.equal(handshake('other').outcome, 'ok', 'only that user is barred');
    now = 9_999;
    assert.equal(handshake('flooder').outcome, 'rate_limited');
    now = 10_000;
    const first = handshake('flooder');
    assert.equal(first.outcome, 'ok', 'the bar has expired');
    assert.equal(handshake('flooder').outcome, 'ok');
    assert.equal(handshake('flooder').outcome, 'rate_limited', 'the cap of 2 applies as before');
    first.socket.conn.emit('close');
    assert.equal(cap.count('s', 'flooder'), 1, 'a closed transport frees its place');
    assert.equal(handshake('flooder').outcome, 'ok');
  });

  it('should read PARLEY_MAX_SOCKETS_PER_USER, 20 by default, and refuse a malformed value', () => {
    assert.equal(DEFAULT_MAX_SOCKETS_PER_USER, 20);
    assert.equal(readConfig({}).maxSocketsPerUser, 20);
    assert.equal(readConfig({ PARLEY_MAX_SOCKETS_PER_USER: '5' }).maxSocketsPerUser, 5);
    assert.throws(() => readConfig({ PARLEY_MAX_SOCKETS_PER_USER: '0' }), /PARLEY_MAX_SOCKETS_PER_USER/);
    assert.throws(() => readConfig({ PARLEY_MAX_SOCKETS_PER_USER: 'many' }), /PARLEY_MAX_SOCKETS_PER_USER/);
  });
});
