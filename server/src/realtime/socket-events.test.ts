// Socket.IO events with real clients: fan-out to every tab, receipts, deletes, typing, presence, strangers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message, SyncResult } from '../../../protocol/index.ts';
import { nextEvent, request, startTestServer, type ClientSocket, type TestServer } from '../testing/test-server.ts';

describe('socket events', () => {
  let t: TestServer;
  let conv: Conversation;
  let buyerTab1: ClientSocket;
  let buyerTab2: ClientSocket;
  let seller: ClientSocket;
  let stranger: ClientSocket;
  const strangerEvents: string[] = [];

  before(async () => {
    t = await startTestServer();
    const res = await t.api('alice', 'POST', '/api/v1/conversations', {
      sellerId: 'bob',
      listing: { id: 'ad_s', title: 'Bike' },
    });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
    [buyerTab1, buyerTab2, seller, stranger] = await Promise.all([
      t.connect('alice'),
      t.connect('alice'),
      t.connect('bob'),
      t.connect('mallory'),
    ]);
    stranger.onAny((event) => strangerEvents.push(event));
  });
  after(() => t.close());

  it('should ack a send with the stored message and push it to every tab of both parties', async () => {
    const onTab2 = nextEvent(buyerTab2, 'message:created');
    const onSeller = nextEvent(seller, 'message:created');
    const sellerConv = nextEvent(seller, 'conversation:updated');
    const sellerUnread = nextEvent(seller, 'unread', (u) => u.total === 1);
    const ack = await request<Message>(buyerTab1, 'message:send', { conversationId: conv.id, clientId: 's-1', body: 'Hi Bob' });
    assert.ok(ack.ok);
    assert.equal(ack.data.seq, 1);
    const [row] = await t.db.sql`SELECT body FROM messages WHERE id = ${ack.data.id}`;
    assert.equal(row!.body, 'Hi Bob', 'acked means committed');
    assert.deepEqual(await onTab2, ack.data);
    assert.deepEqual(await onSeller, ack.data);
    const view = await sellerConv;
    assert.equal(view.id, conv.id, 'the first message introduces the conversation to the seller');
    assert.equal(view.unread, 1);
    assert.deepEqual((await sellerUnread).conversations, { [conv.id]: 1 });
  });

  it('should ack a repeated clientId with the original message and push nothing new', async () => {
    const first = await request<Message>(buyerTab1, 'message:send', { conversationId: conv.id, clientId: 's-2', body: 'second' });
    assert.ok(first.ok);
    const again = await request<Message>(buyerTab2, 'message:send', { conversationId: conv.id, clientId: 's-2', body: 'second' });
    assert.ok(again.ok);
    assert.deepEqual(again.data, first.data);
    const [count] = await t.db.sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${conv.id}`;
    assert.equal(count!.n, 2);
  });

  it('should send read receipts to both parties and the new unread count to the reader', async () => {
    const buyerSees = nextEvent(buyerTab1, 'conversation:read');
    const unread = nextEvent(seller, 'unread', (u) => u.total === 0);
    const ack = await request(seller, 'conversation:read', { conversationId: conv.id, seq: 2 });
    assert.deepEqual(ack, { ok: true, data: {} });
    assert.deepEqual(await buyerSees, { conversationId: conv.id, userId: 'bob', seq: 2 });
    assert.equal((await unread).total, 0);
  });

  it('should tell both parties when a message is deleted', async () => {
    const sent = await request<Message>(seller, 'message:send', {
      conversationId: conv.id,
      clientId: 'del-1',
      body: 'wrong chat',
    });
    assert.ok(sent.ok);
    const refused = await request(buyerTab1, 'message:delete', { messageId: sent.data.id });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'forbidden');
    const buyerSees = nextEvent(buyerTab1, 'message:deleted');
    const ack = await request(seller, 'message:delete', { messageId: sent.data.id });
    assert.deepEqual(ack, { ok: true, data: {} });
    assert.deepEqual(await buyerSees, { conversationId: conv.id, messageId: sent.data.id, seq: sent.data.seq });
  });

  it('should relay typing to the other party, throttled', async () => {
    const seen: boolean[] = [];
    const listener = (e: { typing: boolean; userId: string }) => seen.push(e.typing);
    seller.on('typing', listener);
    const stop = nextEvent(seller, 'typing', (e) => !e.typing);
    buyerTab1.emit('typing', { conversationId: conv.id, typing: true });
    buyerTab1.emit('typing', { conversationId: conv.id, typing: true }); // within the interval: dropped
    buyerTab1.emit('typing', { conversationId: conv.id, typing: false });
    assert.deepEqual(await stop, { conversationId: conv.id, userId: 'alice', typing: false });
    seller.off('typing', listener);
    assert.deepEqual(seen, [true, false]);
  });

  it('should mute for the caller only and tell their other tabs, and refuse a malformed mute', async () => {
    const onTab2 = nextEvent(buyerTab2, 'conversation:updated', (c) => c.id === conv.id && c.muted);
    const ack = await request(buyerTab1, 'conversation:mute', { conversationId: conv.id, muted: true });
    assert.deepEqual(ack, { ok: true, data: {} });
    assert.equal((await onTab2).muted, true, "the buyer's other tab learns of it");
    const [row] = await t.db.sql`SELECT muted FROM members WHERE conversation_id = ${conv.id} AND user_id = 'alice'`;
    assert.equal(row!.muted, true);
    const sellerView = await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}`);
    assert.equal(((await sellerView.json()) as { conversation: Conversation }).conversation.muted, false, "bob's is his own");
    for (const payload of [{ conversationId: conv.id, muted: 'yes' }, { conversationId: conv.id }, { muted: true }]) {
      const bad = await request(buyerTab1, 'conversation:mute', payload);
      assert.equal(!bad.ok && bad.error.code, 'invalid', JSON.stringify(payload));
    }
    const unmute = nextEvent(buyerTab2, 'conversation:updated', (c) => c.id === conv.id && !c.muted);
    assert.ok((await request(buyerTab1, 'conversation:mute', { conversationId: conv.id, muted: false })).ok);
    await unmute;
  });

  it('should refuse a stranger on every event naming the conversation, and push them nothing', async () => {
    const page = await t.api('alice', 'GET', `/api/v1/conversations/${conv.id}/messages`);
    const someMessage = ((await page.json()) as { messages: Message[] }).messages[0]!;
    const calls: Array<[string, unknown]> = [
      ['message:send', { conversationId: conv.id, clientId: 'x-1', body: 'let me in' }],
      ['message:delete', { messageId: someMessage.id }],
      ['conversation:read', { conversationId: conv.id, seq: 1 }],
      ['conversation:mute', { conversationId: conv.id, muted: true }],
    ];
    for (const [event, payload] of calls) {
      const ack = await request(stranger, event as 'sync', payload);
      assert.equal(ack.ok, false, event);
      assert.equal(!ack.ok && ack.error.code, 'not_found', event);
    }
    // `sync` skips the conversation instead: it is only named back as gone, with nothing of its content.
    const sync = await request<SyncResult>(stranger, 'sync', { conversations: { [conv.id]: 0 } });
    assert.ok(sync.ok);
    assert.deepEqual(sync.data.gone, [conv.id]);
    assert.deepEqual(sync.data.messages, []);
    assert.ok(!sync.data.conversations.some((c) => c.id === conv.id));
    stranger.emit('typing', { conversationId: conv.id, typing: true });
    // A stranger sending typing relays nothing: the next event the seller gets is the buyer's message.
    const nextForSeller = nextEvent(seller, 'message:created');
    await request(buyerTab1, 'message:send', { conversationId: conv.id, clientId: 's-3', body: 'still there?' });
    await nextForSeller;
    assert.deepEqual(
      strangerEvents.filter((e) => e !== 'unread'),
      [],
    );
  });

  it('should announce presence: online while any socket is connected, then offline with last seen', async () => {
    const carolConv = await t.api('carol', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_p' } });
    assert.equal(carolConv.status, 201);
    // Presence flows only between people who have written to each other (presence.test.ts).
    const { id } = ((await carolConv.json()) as { conversation: Conversation }).conversation;
    for (const [user, clientId] of [
      ['carol', 'p-1'],
      ['bob', 'p-2'],
    ] as const) {
      const sent = await t.api(user, 'POST', `/api/v1/conversations/${id}/messages`, { clientId, body: 'hello' });
      assert.equal(sent.status, 201);
    }
    const online = nextEvent(seller, 'presence', (p) => p.userId === 'carol' && p.online);
    const carol1 = await t.connect('carol');
    const initial = nextEvent(carol1, 'presence', (p) => p.userId === 'bob');
    assert.equal((await online).online, true);
    const carol2 = await t.connect('carol');
    assert.equal((await nextEvent(carol2, 'presence', (p) => p.userId === 'bob')).online, true);
    await initial;
    const offline = nextEvent(seller, 'presence', (p) => p.userId === 'carol' && !p.online);
    carol1.disconnect(); // carol still has a second tab: no offline yet
    carol2.disconnect();
    const last = await offline;
    assert.ok(last.lastSeenAt && Date.now() - Date.parse(last.lastSeenAt) < 60_000);
    const [row] = await t.db.sql`SELECT last_seen_at FROM users WHERE site_id = ${t.site.id} AND id = 'carol'`;
    assert.ok(row!.last_seen_at);
  });
});
