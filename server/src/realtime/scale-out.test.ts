// Two server processes over one Redis and one PostgreSQL act as one: a buyer on A and a seller on B.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { startTestCluster, TEST_REDIS_URL, waitUntil, type TestCluster } from '../testing/cluster.ts';
import { nextEvent, request, type ClientSocket } from '../testing/test-server.ts';

const A = 0;
const B = 1;

describe('two server processes over Redis', () => {
  let c: TestCluster;
  let conv: Conversation;
  let buyer: ClientSocket;
  let seller: ClientSocket;

  /** A REST call as `user` to process A. */
  const post = async (user: string, path: string, body: unknown) =>
    fetch(`${c.processes[A]!.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await c.token(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    c = await startTestCluster(2);
    // alice and bob talked before, each writing once (presence only flows after that) and reading all.
    const earlier = await post('alice', '/conversations', { sellerId: 'bob', listing: { id: 'ad_earlier' } });
    const { id } = ((await earlier.json()) as { conversation: Conversation }).conversation;
    assert.equal((await post('alice', `/conversations/${id}/messages`, { clientId: 'e-1', body: 'Hello' })).status, 201);
    assert.equal((await post('bob', `/conversations/${id}/messages`, { clientId: 'e-2', body: 'Hi' })).status, 201);
    assert.equal((await post('alice', `/conversations/${id}/read`, { seq: 2 })).status, 204);
    const res = await post('alice', '/conversations', { sellerId: 'bob', listing: { id: 'ad_x', title: 'Bike' } });
    assert.equal(res.status, 201);
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(() => c?.close());

  it('should tell each party the other is online, across processes', async () => {
    seller = await c.connect(B, 'bob');
    const sellerSees = nextEvent(seller, 'presence', (p) => p.userId === 'alice' && p.online);
    buyer = await c.connect(A, 'alice');
    const buyerSees = nextEvent(buyer, 'presence', (p) => p.userId === 'bob');
    assert.equal((await sellerSees).online, true, 'the seller on B hears the buyer on A come online');
    assert.equal((await buyerSees).online, true, 'the buyer on A is told the seller on B is online');
  });

  it('should deliver messages, the new conversation and unread counts both ways', async () => {
    const sellerGets = nextEvent(seller, 'message:created');
    const sellerConv = nextEvent(seller, 'conversation:updated', (v) => v.id === conv.id);
    const sellerUnread = nextEvent(seller, 'unread', (u) => u.total === 1);
    const ack = await request<Message>(buyer, 'message:send', {
      conversationId: conv.id,
      clientId: 'a-1',
      body: 'Still for sale?',
    });
    assert.ok(ack.ok);
    assert.equal(ack.data.seq, 1);
    assert.deepEqual(await sellerGets, ack.data);
    assert.equal((await sellerConv).unread, 1);
    assert.deepEqual((await sellerUnread).conversations, { [conv.id]: 1 });

    const buyerGets = nextEvent(buyer, 'message:created', (m) => m.senderId === 'bob');
    const reply = await request<Message>(seller, 'message:send', { conversationId: conv.id, clientId: 'b-1', body: 'Yes it is' });
    assert.ok(reply.ok);
    assert.equal(reply.data.seq, 2);
    assert.deepEqual(await buyerGets, reply.data);
  });

  it('should relay typing across processes', async () => {
    const sellerSees = nextEvent(seller, 'typing');
    buyer.emit('typing', { conversationId: conv.id, typing: true });
    assert.deepEqual(await sellerSees, { conversationId: conv.id, userId: 'alice', typing: true });
  });

  it('should relay read receipts across processes', async () => {
    const sellerSees = nextEvent(seller, 'conversation:read');
    const buyerUnread = nextEvent(buyer, 'unread', (u) => u.total === 0);
    const ack = await request(buyer, 'conversation:read', { conversationId: conv.id, seq: 2 });
    assert.deepEqual(ack, { ok: true, data: {} });
    assert.deepEqual(await sellerSees, { conversationId: conv.id, userId: 'alice', seq: 2 });
    assert.equal((await buyerUnread).total, 0);
  });

  it('should push to every tab of a user, whichever process each tab is on', async () => {
    const buyerOnB = await c.connect(B, 'alice');
    const tabA = nextEvent(buyer, 'message:created', (m) => m.clientId === 'b-2');
    const tabB = nextEvent(buyerOnB, 'message:created', (m) => m.clientId === 'b-2');
    const ack = await request<Message>(seller, 'message:send', { conversationId: conv.id, clientId: 'b-2', body: 'Come by' });
    assert.ok(ack.ok);
    assert.deepEqual(await tabA, ack.data);
    assert.deepEqual(await tabB, ack.data);

    // Online while any socket is connected, on any process: closing the tab on A changes nothing.
    // Its clock starts now and spans the steps below, which can take seconds on a loaded machine.
    const offline = nextEvent(seller, 'presence', (p) => p.userId === 'alice' && !p.online, 20_000);
    let offlineSeen = false;
    void offline.then(
      () => (offlineSeen = true),
      () => {},
    );
    buyer.disconnect();
    // Process A has counted the disconnect once alice's sockets add up to 1 in Redis; the same atomic
    // step decided "still online", so no offline announcement can follow.
    await waitUntil(async () => (await presenceCount(c, 'alice')) === 1, 15_000, 'disconnect recorded');
    const again = await c.connect(A, 'bob');
    assert.equal((await nextEvent(again, 'presence', (p) => p.userId === 'alice')).online, true);
    assert.equal(offlineSeen, false, 'no offline while a tab remains on the other process');
    buyerOnB.disconnect();
    const last = await offline;
    assert.ok(last.lastSeenAt);
    assert.equal(await presenceCount(c, 'alice'), 0);
    again.disconnect();
  });

  it('should share the send limit between processes', async () => {
    const res = await fetch(`${c.processes[B]!.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await c.token('carol')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'bob', listing: { id: 'ad_rl' } }),
    });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    const [onA, onB] = await Promise.all([c.connect(A, 'carol'), c.connect(B, 'carol')]);
    for (let i = 0; i < 20; i++) {
      const ack = await request(i % 2 ? onB : onA, 'message:send', {
        conversationId: conversation.id,
        clientId: `rl-${i}`,
        body: `n${i}`,
      });
      assert.ok(ack.ok, `send ${i}`);
    }
    for (const socket of [onA, onB]) {
      const limited = await request(socket, 'message:send', {
        conversationId: conversation.id,
        clientId: 'rl-x',
        body: 'too many',
      });
      assert.equal(!limited.ok && limited.error.code, 'rate_limited');
      assert.ok(!limited.ok && limited.error.retryAfterMs! > 0);
    }
    onA.disconnect();
    onB.disconnect();
  });
});

/** A user's socket count summed over every process hash in this run's Redis keys. */
async function presenceCount(c: TestCluster, userId: string): Promise<number> {
  const redis = createClient({ url: TEST_REDIS_URL });
  await redis.connect();
  try {
    let total = 0;
    for await (const keys of redis.scanIterator({ MATCH: `${c.prefix}:presence:sockets:*` })) {
      for (const key of keys) total += Number((await redis.hGet(key, `${c.site.id}\u0000${userId}`)) ?? 0);
    }
    return total;
  } finally {
    await redis.quit();
  }
}
