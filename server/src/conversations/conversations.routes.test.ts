// REST routes for conversations, read receipts and unread counts, through app.request().
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, ListConversationsResponse } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const listing = { id: 'ad_9', title: 'iPhone 14 Pro', price: '650 €', url: '/ads/9', imageUrl: '/img/9.jpg' };

describe('conversation routes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const json = async <T>(res: Response) => (await res.json()) as T;
  const contact = (buyer: string, sellerId: string, l: object = listing) =>
    t.api(buyer, 'POST', '/api/v1/conversations', { sellerId, listing: l });
  const send = (user: string, id: string, clientId: string, body = 'hello') =>
    t.api(user, 'POST', `/api/v1/conversations/${id}/messages`, { clientId, body });

  it('should create a conversation once (201) and return the same one again (200)', async () => {
    const first = await contact('alice', 'bob');
    assert.equal(first.status, 201);
    const { conversation } = await json<{ conversation: Conversation }>(first);
    assert.deepEqual(conversation.listing, {
      id: 'ad_9',
      title: 'iPhone 14 Pro',
      url: '/ads/9',
      imageUrl: '/img/9.jpg',
      price: '650 €',
      status: null,
    });
    assert.equal(conversation.buyer.id, 'alice');
    assert.equal(conversation.buyer.name, 'Name of alice');
    assert.equal(conversation.seller.id, 'bob');
    assert.equal(conversation.seller.name, null, 'bob never signed in');
    assert.equal(conversation.lastSeq, 0);
    assert.equal(conversation.lastMessage, null);
    assert.deepEqual(conversation.readSeq, { alice: 0, bob: 0 });

    const again = await contact('alice', 'bob');
    assert.equal(again.status, 200);
    assert.equal((await json<{ conversation: Conversation }>(again)).conversation.id, conversation.id);
  });

  it('should refuse contacting yourself and another seller for the same listing', async () => {
    const self = await contact('bob', 'bob', { id: 'ad_self' });
    assert.equal(self.status, 400);
    assert.equal((await json<{ error: { code: string } }>(self)).error.code, 'invalid');
    await contact('dave', 'bob', { id: 'ad_x' });
    const other = await contact('dave', 'carol', { id: 'ad_x' });
    assert.equal(other.status, 409);
    assert.equal((await json<{ error: { code: string } }>(other)).error.code, 'conflict');
  });

  it('should get a conversation for its members and 404 for anyone else, on every route', async () => {
    const { conversation } = await json<{ conversation: Conversation }>(await contact('alice', 'bob', { id: 'ad_get' }));
    const id = conversation.id;
    assert.equal((await t.api('alice', 'GET', `/api/v1/conversations/${id}`)).status, 200);
    assert.equal((await t.api('bob', 'GET', `/api/v1/conversations/${id}`)).status, 200);
    const outsiderCalls: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/conversations/${id}`],
      ['DELETE', `/api/v1/conversations/${id}`],
      ['GET', `/api/v1/conversations/${id}/messages`],
      ['POST', `/api/v1/conversations/${id}/messages`, { clientId: 'm1', body: 'hi' }],
      ['POST', `/api/v1/conversations/${id}/read`, { seq: 1 }],
      ['POST', '/api/v1/reports', { conversationId: id, reason: 'spam' }],
    ];
    for (const [method, path, body] of outsiderCalls) {
      const res = await t.api('mallory', method, path, body);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal((await json<{ error: { code: string } }>(res)).error.code, 'not_found');
    }
    // Same user id on another site: still a stranger.
    const otherToken = await t.token('alice', t.otherSite);
    const res = await t.server.app.request(`/api/v1/conversations/${id}`, { headers: { authorization: `Bearer ${otherToken}` } });
    assert.equal(res.status, 404);
  });

  it('should list newest activity first with a working cursor, hiding empty ones from the seller', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { conversation } = await json<{ conversation: Conversation }>(
        await contact('lister', 'seller1', { id: `list_${i}` }),
      );
      ids.push(conversation.id);
    }
    assert.equal(
      (await json<ListConversationsResponse>(await t.api('seller1', 'GET', '/api/v1/conversations'))).conversations.length,
      0,
    );
    await send('lister', ids[0]!, 'list-msg-0'); // ids[0] becomes the most recent
    const page1 = await json<ListConversationsResponse>(await t.api('lister', 'GET', '/api/v1/conversations?limit=3'));
    assert.deepEqual(
      page1.conversations.map((c) => c.id),
      [ids[0], ids[4], ids[3]],
    );
    assert.ok(page1.nextCursor);
    const page2 = await json<ListConversationsResponse>(
      await t.api('lister', 'GET', `/api/v1/conversations?limit=3&before=${page1.nextCursor}`),
    );
    assert.deepEqual(
      page2.conversations.map((c) => c.id),
      [ids[2], ids[1]],
    );
    assert.equal(page2.nextCursor, null);
    const sellerView = await json<ListConversationsResponse>(await t.api('seller1', 'GET', '/api/v1/conversations'));
    assert.deepEqual(
      sellerView.conversations.map((c) => c.id),
      [ids[0]],
    );
    assert.equal(sellerView.conversations[0]!.unread, 1);
    const oneListing = await json<ListConversationsResponse>(
      await t.api('lister', 'GET', '/api/v1/conversations?listing=list_2'),
    );
    assert.deepEqual(
      oneListing.conversations.map((c) => c.id),
      [ids[2]],
    );
  });

  it('should archive for the caller only, and un-archive on a new message', async () => {
    const { conversation } = await json<{ conversation: Conversation }>(await contact('arch_b', 'arch_s', { id: 'ad_arch' }));
    await send('arch_b', conversation.id, 'arch-1');
    assert.equal((await t.api('arch_s', 'DELETE', `/api/v1/conversations/${conversation.id}`)).status, 204);
    const sellerList = await json<ListConversationsResponse>(await t.api('arch_s', 'GET', '/api/v1/conversations'));
    assert.equal(sellerList.conversations.length, 0);
    const buyerList = await json<ListConversationsResponse>(await t.api('arch_b', 'GET', '/api/v1/conversations'));
    assert.equal(buyerList.conversations.length, 1);
    assert.equal((await json<{ total: number }>(await t.api('arch_s', 'GET', '/api/v1/unread'))).total, 0);
    await send('arch_b', conversation.id, 'arch-2');
    const back = await json<ListConversationsResponse>(await t.api('arch_s', 'GET', '/api/v1/conversations'));
    assert.deepEqual(
      back.conversations.map((c) => [c.id, c.archived, c.unread]),
      [[conversation.id, false, 2]],
    );
  });

  it('should mute for the caller only (204), and answer 404 to a non-member and 400 to a bad body', async () => {
    const { conversation } = await json<{ conversation: Conversation }>(await contact('mu_b', 'mu_s', { id: 'ad_mu' }));
    assert.equal(conversation.muted, false);
    const path = `/api/v1/conversations/${conversation.id}/mute`;
    assert.equal((await t.api('mu_s', 'PUT', path, { muted: true })).status, 204);
    const view = (user: string) => t.api(user, 'GET', `/api/v1/conversations/${conversation.id}`);
    assert.equal((await json<{ conversation: Conversation }>(await view('mu_s'))).conversation.muted, true);
    assert.equal((await json<{ conversation: Conversation }>(await view('mu_b'))).conversation.muted, false);
    const listed = await json<ListConversationsResponse>(await t.api('mu_b', 'GET', '/api/v1/conversations'));
    assert.equal(listed.conversations[0]!.muted, false);
    assert.equal((await t.api('mu_x', 'PUT', path, { muted: true })).status, 404, 'a stranger learns nothing');
    for (const body of [{}, { muted: 'true' }, { muted: true, extra: 1 }]) {
      assert.equal((await t.api('mu_s', 'PUT', path, body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await t.api('mu_s', 'PUT', path, { muted: false })).status, 204);
    assert.equal((await json<{ conversation: Conversation }>(await view('mu_s'))).conversation.muted, false);
  });

  it('should count unread messages and move the read position forward only', async () => {
    const { conversation } = await json<{ conversation: Conversation }>(await contact('ur_b', 'ur_s', { id: 'ad_ur' }));
    for (let i = 1; i <= 3; i++) await send('ur_b', conversation.id, `ur-${i}`);
    let unread = await json<{ total: number; conversations: Record<string, number> }>(
      await t.api('ur_s', 'GET', '/api/v1/unread'),
    );
    assert.deepEqual(unread, { total: 3, conversations: { [conversation.id]: 3 } });
    assert.equal((await t.api('ur_s', 'POST', `/api/v1/conversations/${conversation.id}/read`, { seq: 2 })).status, 204);
    unread = await json(await t.api('ur_s', 'GET', '/api/v1/unread'));
    assert.deepEqual(unread, { total: 1, conversations: { [conversation.id]: 1 } });
    // Going backwards does nothing; a seq past the end is capped at the last message.
    await t.api('ur_s', 'POST', `/api/v1/conversations/${conversation.id}/read`, { seq: 1 });
    await t.api('ur_s', 'POST', `/api/v1/conversations/${conversation.id}/read`, { seq: 999 });
    const view = await json<{ conversation: Conversation }>(
      await t.api('ur_b', 'GET', `/api/v1/conversations/${conversation.id}`),
    );
    assert.equal(view.conversation.readSeq.ur_s, 3);
    assert.equal((await json<{ total: number }>(await t.api('ur_s', 'GET', '/api/v1/unread'))).total, 0);
  });

  it('should answer the health checks', async () => {
    assert.equal((await t.server.app.request('/healthz')).status, 200);
    assert.equal((await t.server.app.request('/readyz')).status, 200);
  });
});
