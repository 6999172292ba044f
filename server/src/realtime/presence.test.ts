// Presence with real sockets: opening a conversation reveals nothing; writing to someone lets them see you.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import type { Conversation, Message, Presence } from '../../../protocol/index.ts';
import { nextEvent, request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';

/** A connected user and every presence event their socket has received since before it connected. */
interface Watcher {
  socket: ClientSocket;
  seen: Presence[];
}

describe('presence only after writing', () => {
  let t: TestServer;
  /** alice (buyer) opened a conversation with bob (seller); nobody has written in it yet. */
  let stalked: Conversation;
  const sockets: ClientSocket[] = [];

  /** Connects `userId`, recording presence events from the very first packet. */
  async function open(userId: string): Promise<Watcher> {
    const socket: ClientSocket = connectClient(t.url, {
      auth: { token: await t.token(userId) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    sockets.push(socket);
    const seen: Presence[] = [];
    socket.on('presence', (p) => seen.push(p));
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.connect();
    await connected;
    return { socket, seen };
  }

  /** The first presence of `userId` the watcher got, received already or still to come. */
  function presenceOf(w: Watcher, userId: string, match: (p: Presence) => boolean = () => true): Promise<Presence> {
    const found = w.seen.find((p) => p.userId === userId && match(p));
    return found ? Promise.resolve(found) : nextEvent(w.socket, 'presence', (p) => p.userId === userId && match(p));
  }

  /**
   * Every presence event of `userId` the watcher has been sent so far. A request's ack travels on the
   * same connection after anything the server emitted to it before, so once the ack is in, every
   * earlier push has arrived too.
   */
  async function everSeen(w: Watcher, userId: string): Promise<Presence[]> {
    const ack = await request(w.socket, 'sync', { conversations: {} });
    assert.ok(ack.ok, JSON.stringify(ack));
    return w.seen.filter((p) => p.userId === userId);
  }

  const contact = async (buyer: string, seller: string, listingId: string) => {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: listingId } });
    assert.equal(res.status, 201);
    return ((await res.json()) as { conversation: Conversation }).conversation;
  };
  const write = async (sender: string, conversationId: string, clientId: string) => {
    const res = await t.api(sender, 'POST', `/api/v1/conversations/${conversationId}/messages`, { clientId, body: 'hello' });
    assert.equal(res.status, 201);
  };

  before(async () => {
    t = await startTestServer();
    // carol and bob really talk, and so do alice and dave: those four see each other's presence.
    const carolBob = await contact('carol', 'bob', 'ad_carol');
    await write('carol', carolBob.id, 'cb-1');
    await write('bob', carolBob.id, 'cb-2');
    const aliceDave = await contact('alice', 'dave', 'ad_dave');
    await write('alice', aliceDave.id, 'ad-1');
    await write('dave', aliceDave.id, 'ad-2');
    stalked = await contact('alice', 'bob', 'ad_bob');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  let carol: Watcher;
  let dave: Watcher;
  let bob: Watcher;
  let alice: Watcher;

  it('should give the opener of a conversation no presence of the other party: no snapshot, online or offline', async () => {
    carol = await open('carol');
    dave = await open('dave');

    // bob's first snapshot has carol, who wrote to him, and not alice, who only opened a conversation.
    const bobOnline = presenceOf(carol, 'bob', (p) => p.online);
    bob = await open('bob');
    assert.equal((await presenceOf(bob, 'carol')).online, true);
    assert.equal((await bobOnline).online, true, 'carol is told bob came online');
    assert.deepEqual(await everSeen(bob, 'alice'), [], 'bob gets nothing of alice');

    // alice's snapshot has dave and not bob; bob is not told alice came online, dave is.
    const aliceOnline = presenceOf(dave, 'alice', (p) => p.online);
    alice = await open('alice');
    assert.equal((await presenceOf(alice, 'dave')).online, true);
    await aliceOnline;
    assert.deepEqual(await everSeen(alice, 'bob'), [], "alice's snapshot leaves bob out");
    assert.deepEqual(await everSeen(bob, 'alice'), [], 'bob is not told alice came online');

    // bob going offline and coming back: carol hears both (one broadcast each), alice neither.
    const bobOffline = nextEvent(carol.socket, 'presence', (p) => p.userId === 'bob' && !p.online);
    bob.socket.disconnect();
    assert.ok((await bobOffline).lastSeenAt);
    const bobBack = nextEvent(carol.socket, 'presence', (p) => p.userId === 'bob' && p.online);
    bob = await open('bob');
    await bobBack;
    assert.deepEqual(await everSeen(alice, 'bob'), [], 'alice never learns when bob comes and goes');
  });

  it('should let presence flow to each party once the other has written, at once', async () => {
    // alice writes: bob may now see alice (and is told at once), alice still sees nothing of bob.
    const aliceToBob = presenceOf(bob, 'alice');
    const sent = await request<Message>(alice.socket, 'message:send', {
      conversationId: stalked.id,
      clientId: 'st-1',
      body: 'Hi',
    });
    assert.ok(sent.ok);
    assert.equal((await aliceToBob).online, true);
    assert.deepEqual(await everSeen(alice, 'bob'), [], 'writing to bob does not reveal bob');

    // bob answers: alice is told at once that bob is online, then when he leaves.
    const bobToAlice = presenceOf(alice, 'bob');
    const reply = await request<Message>(bob.socket, 'message:send', {
      conversationId: stalked.id,
      clientId: 'st-2',
      body: 'Hello',
    });
    assert.ok(reply.ok);
    assert.equal((await bobToAlice).online, true);
    const bobLeaves = presenceOf(alice, 'bob', (p) => !p.online);
    bob.socket.disconnect();
    const left = await bobLeaves;
    assert.ok(left.lastSeenAt && Date.now() - Date.parse(left.lastSeenAt) < 60_000);

    // A new tab of alice gets bob in its first snapshot.
    const aliceAgain = await open('alice');
    const snapshot = await presenceOf(aliceAgain, 'bob');
    assert.deepEqual(snapshot, { userId: 'bob', online: false, lastSeenAt: left.lastSeenAt });
  });
});
