// The server API through app.request() and real sockets: keys, site settings, listings, system messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Listing, Message, SiteSettings } from '../../../protocol/index.ts';
import { adminRequest, nextEvent, startTestServer, type TestServer } from '../testing/test-server.ts';

const json = async <T>(res: Response) => (await res.json()) as T;

describe('server API', () => {
  let t: TestServer;
  let key: string;
  let otherKey: string;
  before(async () => {
    t = await startTestServer();
    key = (await t.server.services.apiKeys.create(t.site.id)).key;
    otherKey = (await t.server.services.apiKeys.create(t.otherSite.id)).key;
  });
  after(() => t.close());

  const admin = (method: string, path: string, body?: unknown, apiKey: string | null = key) =>
    adminRequest(t.server.app, apiKey, method, path, body);
  const contact = async (buyer: string, sellerId: string, listing: object) => {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId, listing });
    return { status: res.status, body: await json<{ conversation: Conversation; error?: { code: string } }>(res) };
  };
  const listingBody = { sellerId: 'seller_reg', title: 'City bike', price: '120 €', url: '/ads/bike', status: 'available' };

  it('should refuse every admin route with no key, a wrong key, a user token or a revoked key', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/site'],
      ['PATCH', '/site', { name: 'x' }],
      ['PUT', '/listings/ad_auth', listingBody],
      ['POST', '/conversations/c1/messages', { text: 'hi' }],
    ];
    const revoked = await t.server.services.apiKeys.create(t.site.id);
    assert.equal(await t.server.services.apiKeys.revoke(t.site.id, revoked.id), true);
    const userToken = await t.token('alice');
    for (const [method, path, body] of routes) {
      for (const bad of [null, 'parley_sk_wrong', userToken, revoked.key]) {
        const res = await admin(method, path, body, bad);
        assert.equal(res.status, 401, `${method} ${path} with ${bad === null ? 'no key' : bad.slice(0, 12)}`);
        assert.equal((await json<{ error: { code: string } }>(res)).error.code, 'unauthorized');
      }
    }
  });

  it("should read and change only its own site's settings, never showing the secret", async () => {
    const read = await json<{ site: SiteSettings }>(await admin('GET', '/site'));
    assert.deepEqual(read.site, {
      id: 'market',
      name: 'Test market',
      allowedOrigins: ['http://market.test'],
      verifiedListings: false,
      inboxUrl: null,
      emailDelaySeconds: null,
      emailPreviews: true,
      contactMasking: 'off',
      helpUrl: null,
      phoneCountry: 'FR',
      rules: {},
    });
    assert.ok(!JSON.stringify(read).includes(t.site.secret));
    const other = await json<{ site: SiteSettings }>(await admin('GET', '/site', undefined, otherKey));
    assert.equal(other.site.id, 'other');

    const changed = await admin('PATCH', '/site', {
      name: 'Renamed',
      allowedOrigins: ['http://market.test/', 'https://www.market.test'],
    });
    assert.equal(changed.status, 200);
    assert.deepEqual((await json<{ site: SiteSettings }>(changed)).site.allowedOrigins, [
      'http://market.test',
      'https://www.market.test',
    ]);
    assert.equal((await t.server.services.sites.get('other'))!.name, 'Other market', "the other site's settings are untouched");
    assert.equal((await admin('PATCH', '/site', { allowedOrigins: ['javascript:alert(1)'] })).status, 400);
    assert.equal((await admin('PATCH', '/site', { secret: 'mine' })).status, 400);
    const safety = await admin('PATCH', '/site', { contactMasking: 'mask', helpUrl: 'https://market.test/safety' });
    assert.equal((await json<{ site: SiteSettings }>(safety)).site.contactMasking, 'mask');
    assert.equal((await t.server.services.sites.get('market'))!.safety.helpUrl, 'https://market.test/safety');
    assert.equal((await admin('PATCH', '/site', { helpUrl: 'http://insecure.test' })).status, 400);
    await admin('PATCH', '/site', { contactMasking: 'off', helpUrl: null });
    const email = await admin('PATCH', '/site', {
      inboxUrl: 'https://market.test/messages',
      emailDelaySeconds: 60,
      emailPreviews: false,
    });
    assert.deepEqual(
      (({ inboxUrl, emailDelaySeconds, emailPreviews }) => ({ inboxUrl, emailDelaySeconds, emailPreviews }))(
        (await json<{ site: SiteSettings }>(email)).site,
      ),
      { inboxUrl: 'https://market.test/messages', emailDelaySeconds: 60, emailPreviews: false },
    );
    assert.equal((await admin('PATCH', '/site', { inboxUrl: 'javascript:alert(1)' })).status, 400);
    assert.equal((await admin('PATCH', '/site', { emailDelaySeconds: 90_000 })).status, 400);
    await admin('PATCH', '/site', { inboxUrl: null, emailDelaySeconds: null, emailPreviews: true });
    await admin('PATCH', '/site', { name: 'Test market', allowedOrigins: ['http://market.test'] });
  });

  it('should register a listing, validate it, and keep its links on the site', async () => {
    const res = await admin('PUT', '/listings/ad_reg', listingBody);
    assert.equal(res.status, 200);
    const { listing } = await json<{ listing: Listing }>(res);
    assert.deepEqual(
      { ...listing, updatedAt: '' },
      {
        id: 'ad_reg',
        sellerId: 'seller_reg',
        title: 'City bike',
        price: '120 €',
        url: '/ads/bike',
        imageUrl: null,
        status: 'available',
        updatedAt: '',
      },
    );
    assert.equal((await admin('PUT', '/listings/ad_reg', { ...listingBody, status: 'gone' })).status, 400);
    assert.equal((await admin('PUT', '/listings/ad_reg', { ...listingBody, url: 'https://evil.test/phish' })).status, 400);
    assert.equal((await admin('PUT', '/listings/ad_reg', { ...listingBody, title: '' })).status, 400);
  });

  it('should give every conversation about a listing its new card and a status message, live, to both parties', async () => {
    const seller = 'seller_live';
    const { body } = await contact('buyer_live', seller, { id: 'ad_live', title: 'Old title' });
    const id = body.conversation.id;
    const buyerSocket = await t.connect('buyer_live');
    const sellerSocket = await t.connect(seller);
    const created = [buyerSocket, sellerSocket].map((s) => nextEvent(s, 'message:created', (m) => m.conversationId === id));
    const updated = [buyerSocket, sellerSocket].map((s) =>
      nextEvent(s, 'conversation:updated', (c) => c.id === id && c.listing.status === 'sold'),
    );
    const res = await admin('PUT', '/listings/ad_live', { sellerId: seller, title: 'Oak table', price: '80 €', status: 'sold' });
    assert.equal(res.status, 200);
    for (const message of await Promise.all(created)) {
      assert.equal(message.kind, 'system');
      assert.equal(message.senderId, null);
      assert.deepEqual(message.system, { type: 'listing.status', status: 'sold' });
      assert.equal(message.seq, 1);
    }
    for (const conversation of await Promise.all(updated)) {
      assert.equal(conversation.listing.title, 'Oak table');
      assert.equal(conversation.listing.price, '80 €');
      assert.equal(conversation.unread, 0, "a system message is nobody's unread message");
    }
    // Registering again with the same status changes the card but posts nothing.
    await admin('PUT', '/listings/ad_live', { sellerId: seller, title: 'Oak table (sold)', status: 'sold' });
    const view = await json<{ conversation: Conversation }>(await t.api('buyer_live', 'GET', `/api/v1/conversations/${id}`));
    assert.equal(view.conversation.lastSeq, 1);
    assert.equal(view.conversation.listing.title, 'Oak table (sold)');
    // Users' sends still number after it.
    const sent = await t.api(seller, 'POST', `/api/v1/conversations/${id}/messages`, { clientId: 'after-sold', body: 'Sorry!' });
    assert.equal((await json<{ message: Message }>(sent)).message.seq, 2);
  });

  it('should give the new card to every conversation of a busy listing, past one query of views', async () => {
    const seller = 'seller_busy';
    const buyers = Array.from({ length: 260 }, (_, i) => `busy_buyer_${i}`);
    for (let i = 0; i < buyers.length; i += 20) {
      await Promise.all(buyers.slice(i, i + 20).map((b) => contact(b, seller, { id: 'ad_busy', title: 'Sofa' })));
    }
    const sellerSocket = await t.connect(seller);
    const cards = new Set<string>();
    const all = new Promise<void>((resolve) => {
      sellerSocket.on('conversation:updated', (c) => {
        if (c.listing.status === 'reserved') cards.add(c.id);
        if (cards.size === buyers.length) resolve();
      });
    });
    const res = await admin('PUT', '/listings/ad_busy', { sellerId: seller, title: 'Sofa', status: 'reserved' });
    assert.equal(res.status, 200);
    await all;
    assert.equal(cards.size, 260);
  });

  it("should not touch another site's conversations about a listing with the same id", async () => {
    const mine = await contact('buyer_scope', 'seller_scope', { id: 'ad_shared', title: 'Mine' });
    const otherToken = await t.token('buyer_scope', t.otherSite);
    const theirs = await t.server.app.request('/api/v1/conversations', {
      method: 'POST',
      headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'seller_scope', listing: { id: 'ad_shared', title: 'Theirs' } }),
    });
    const theirId = (await json<{ conversation: Conversation }>(theirs)).conversation.id;
    await admin('PUT', '/listings/ad_shared', { sellerId: 'seller_scope', title: 'Registered', status: 'reserved' });
    const [mineRow] = await t.db.sql<
      { listing_status: string | null }[]
    >`SELECT listing_status FROM conversations WHERE id = ${mine.body.conversation.id}`;
    const [theirRow] = await t.db.sql<{ listing_status: string | null; last_seq: number }[]>`
      SELECT listing_status, last_seq FROM conversations WHERE id = ${theirId}`;
    assert.equal(mineRow!.listing_status, 'reserved');
    assert.deepEqual({ ...theirRow }, { listing_status: null, last_seq: 0 });
  });

  it("should post the site's note as a system message to both parties, and 404 another site's conversation", async () => {
    const { body } = await contact('buyer_note', 'seller_note', { id: 'ad_note' });
    const id = body.conversation.id;
    const socket = await t.connect('seller_note');
    const pushed = nextEvent(socket, 'message:created', (m) => m.conversationId === id);
    const res = await admin('POST', `/conversations/${id}/messages`, { text: 'Payment received <b>by the site</b>' });
    assert.equal(res.status, 201);
    const message = await pushed;
    assert.deepEqual(message.system, { type: 'text', text: 'Payment received <b>by the site</b>' });
    assert.equal((await admin('POST', `/conversations/${id}/messages`, { text: 'x' }, otherKey)).status, 404);
    assert.equal((await admin('POST', `/conversations/${id}/messages`, { text: '   ' })).status, 400);
    assert.equal((await admin('POST', `/conversations/${id}/messages`, { text: 'x'.repeat(1001) })).status, 400);
  });

  it('should take the card and seller from the registry, and with verifiedListings refuse an unregistered listing', async () => {
    await admin('PUT', '/listings/ad_verified', {
      sellerId: 'seller_true',
      title: 'Real card',
      url: '/ads/real',
      status: 'available',
    });
    const forged = await contact('buyer_v', 'seller_fake', { id: 'ad_verified', title: 'Forged card', url: '/ads/forged' });
    assert.equal(forged.status, 201);
    assert.equal(forged.body.conversation.seller.id, 'seller_true');
    assert.equal(forged.body.conversation.listing.title, 'Real card');
    assert.equal(forged.body.conversation.listing.url, '/ads/real');
    assert.equal(forged.body.conversation.listing.status, 'available');

    await admin('PATCH', '/site', { verifiedListings: true });
    try {
      const unknown = await contact('buyer_v', 'seller_fake', { id: 'ad_never_registered', title: 'Forged' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error!.code, 'not_found');
    } finally {
      await admin('PATCH', '/site', { verifiedListings: false });
    }
  });

  it('should answer 404 for an unknown admin route, with a key', async () => {
    const res = await admin('GET', '/nothing-here');
    assert.equal(res.status, 404);
  });
});
