// GET /conversations?filter=all|unread|archived&listing= and GET /listings against a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, ListConversationsResponse, ListingCountsResponse } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('conversation filters', () => {
  let t: TestServer;
  const ids: Record<string, string> = {};
  let lastSeq: Record<string, number> = {};

  const open = async (buyer: string, listing: { id: string; title: string }) => {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: 'bob', listing });
    ids[`${buyer}:${listing.id}`] = ((await res.json()) as { conversation: Conversation }).conversation.id;
  };
  const send = async (user: string, key: string, body = 'hello') => {
    const res = await t.api(user, 'POST', `/api/v1/conversations/${ids[key]}/messages`, { clientId: `${key}-${body}`, body });
    assert.equal(res.status, 201);
    lastSeq = { ...lastSeq, [key]: ((await res.json()) as { message: { seq: number } }).message.seq };
  };
  const list = async (user: string, query: string) => {
    const res = await t.api(user, 'GET', `/api/v1/conversations${query}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as ListConversationsResponse;
  };
  const keysOf = (page: ListConversationsResponse) =>
    page.conversations.map((c) => Object.keys(ids).find((k) => ids[k] === c.id)).sort();

  before(async () => {
    t = await startTestServer();
    const bike = { id: 'bike', title: 'City bike' };
    const lamp = { id: 'lamp', title: 'Lamp' };
    for (const buyer of ['b1', 'b2', 'b3']) await open(buyer, bike);
    await open('b1', lamp);
    await open('b4', lamp); // never writes: bob does not see it
    for (const key of ['b1:bike', 'b2:bike', 'b3:bike', 'b1:lamp']) await send(key.split(':')[0]!, key);
    // bob reads b2's and answers b3 (his answer is not unread for him); archives b1:lamp.
    await t.api('bob', 'POST', `/api/v1/conversations/${ids['b2:bike']}/read`, { seq: lastSeq['b2:bike'] });
    await t.api('bob', 'POST', `/api/v1/conversations/${ids['b3:bike']}/read`, { seq: lastSeq['b3:bike'] });
    await send('bob', 'b3:bike', 'answer');
    assert.equal((await t.api('bob', 'DELETE', `/api/v1/conversations/${ids['b1:lamp']}`)).status, 204);
  });
  after(() => t.close());

  it('should list all (not archived), unread and archived conversations', async () => {
    assert.deepEqual(keysOf(await list('bob', '')), ['b1:bike', 'b2:bike', 'b3:bike']);
    assert.deepEqual(keysOf(await list('bob', '?filter=all')), ['b1:bike', 'b2:bike', 'b3:bike']);
    assert.deepEqual(keysOf(await list('bob', '?filter=unread')), ['b1:bike']);
    assert.deepEqual(keysOf(await list('bob', '?filter=archived')), ['b1:lamp']);
    assert.deepEqual(keysOf(await list('b3', '?filter=unread')), ['b3:bike'], 'bob’s answer is unread for b3');
  });

  it('should follow changes: a new message makes a conversation unread, reading it clears it', async () => {
    await send('b2', 'b2:bike', 'again');
    assert.deepEqual(keysOf(await list('bob', '?filter=unread')), ['b1:bike', 'b2:bike']);
    await t.api('bob', 'POST', `/api/v1/conversations/${ids['b2:bike']}/read`, { seq: lastSeq['b2:bike'] });
    assert.deepEqual(keysOf(await list('bob', '?filter=unread')), ['b1:bike']);
  });

  it('should combine a filter with a listing and page with the cursor', async () => {
    assert.deepEqual(keysOf(await list('bob', '?filter=unread&listing=lamp')), []);
    assert.deepEqual(keysOf(await list('bob', '?filter=archived&listing=lamp')), ['b1:lamp']);
    const first = await list('bob', '?listing=bike&limit=2');
    assert.equal(first.conversations.length, 2);
    assert.ok(first.nextCursor);
    const second = await list('bob', `?listing=bike&limit=2&before=${first.nextCursor}`);
    assert.equal(second.nextCursor, null);
    assert.deepEqual([...keysOf(first), ...keysOf(second)].sort(), ['b1:bike', 'b2:bike', 'b3:bike']);
  });

  it('should refuse an unknown filter', async () => {
    const res = await t.api('bob', 'GET', '/api/v1/conversations?filter=spam');
    assert.equal(res.status, 400);
  });

  it('should count a seller’s conversations by listing, with how many are unread', async () => {
    const res = await t.api('bob', 'GET', '/api/v1/listings');
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as ListingCountsResponse).listings, [
      { listingId: 'bike', title: 'City bike', conversations: 3, unread: 1 },
    ]);
    const buyer = (await (await t.api('b1', 'GET', '/api/v1/listings')).json()) as ListingCountsResponse;
    assert.deepEqual(buyer.listings, [], 'a buyer sells nothing');
  });
});
