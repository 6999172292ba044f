// A name or picture that changes at sign-in is pushed to both members of the user's recent conversations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation } from '../../../protocol/index.ts';
import { ConversationsRepository } from '../conversations/conversations.repository.ts';
import { connectSocket, nextEvent, startTestServer, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';

describe('profile push', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const tokenAs = (sub: string, name: string, picture?: string) =>
    signTestToken({ siteId: t.site.id, secret: t.site.secret, sub, name, picture });
  async function contact(buyer: string, seller: string, listingId: string): Promise<Conversation> {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: listingId } });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    await t.api(buyer, 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: `${listingId}-1`,
      body: 'hello',
    });
    return conversation;
  }
  const signIn = async (token: string) =>
    assert.equal((await t.api(null, 'GET', '/api/v1/unread', undefined, { authorization: `Bearer ${token}` })).status, 200);

  it('should push the seller’s name to the buyer when the seller first signs in', async () => {
    const conv = await contact('first_b', 'first_s', 'ad_first');
    const buyer = await t.connect('first_b');
    const pushed = nextEvent(buyer, 'conversation:updated', (c) => c.id === conv.id);
    await connectSocket(t.url, await tokenAs('first_s', 'Sally Seller'));
    const view = await pushed;
    assert.deepEqual(view.seller, { id: 'first_s', name: 'Sally Seller', picture: null, suspended: false });
    assert.equal(view.unread, 0, 'the buyer’s own view');
  });

  it('should push a changed profile to every member with their own view, and nothing when unchanged', async () => {
    const conv = await contact('chg_b', 'chg_s', 'ad_chg');
    await t.api('chg_b', 'DELETE', `/api/v1/conversations/${conv.id}`); // archived for the buyer only
    const buyer = await t.connect('chg_b');
    const firstName = nextEvent(buyer, 'conversation:updated', (c) => c.seller.name === 'Old name');
    const seller = await connectSocket(t.url, await tokenAs('chg_s', 'Old name'));
    await firstName; // the seller's first sign-in
    const seen: Conversation[] = [];
    buyer.on('conversation:updated', (c) => seen.push(c));

    await signIn(await tokenAs('chg_s', 'Old name')); // unchanged: no push
    const toBuyer = nextEvent(buyer, 'conversation:updated', (c) => c.seller.name === 'New name');
    const toSeller = nextEvent(seller, 'conversation:updated', (c) => c.seller.name === 'New name');
    await signIn(await tokenAs('chg_s', 'New name', 'https://img.test/s.png'));
    const [b, s] = await Promise.all([toBuyer, toSeller]);
    assert.equal(b.seller.picture, 'https://img.test/s.png');
    assert.deepEqual([b.unread, b.archived], [0, true], 'the buyer’s view');
    assert.deepEqual([s.unread, s.archived], [1, false], 'the seller’s view');
    assert.deepEqual(
      seen.map((c) => c.seller.name),
      ['New name'],
      'one push, none for the unchanged sign-in',
    );
  });

  it('should leave out conversations idle for longer than the push window', async () => {
    const recent = await contact('win_b1', 'win_s', 'ad_recent');
    const old = await contact('win_b2', 'win_s', 'ad_old');
    await t.db.sql`UPDATE conversations SET updated_at = now() - interval '90 days' WHERE id = ${old.id}`;
    const buyer1 = await t.connect('win_b1');
    const buyer2 = await t.connect('win_b2');
    const heard: string[] = [];
    buyer2.on('conversation:updated', (c) => heard.push(c.id));
    const pushed = nextEvent(buyer1, 'conversation:updated', (c) => c.id === recent.id);
    await signIn(await tokenAs('win_s', 'Windowed'));
    await pushed;
    const views = await new ConversationsRepository(t.db.sql).memberViews(t.site.id, 'win_s', {
      since: new Date(Date.now() - 30 * 86_400_000),
      limit: 200,
    });
    assert.deepEqual(
      views.map((v) => [v.viewerId, v.conversation.id]).sort(),
      [
        ['win_b1', recent.id],
        ['win_s', recent.id],
      ].sort(),
    );
    assert.deepEqual(heard, []);
  });
});
