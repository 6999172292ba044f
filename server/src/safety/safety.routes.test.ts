// Trust and safety through the real server: masking before storing, warnings for the recipient, spam limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Conversation, MASK_PLACEHOLDER, type Message, type SyncResult } from '../../../protocol/index.ts';
import { nextEvent, request, startTestServer, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';

const json = async <T>(res: Response) => (await res.json()) as T;

describe('trust and safety', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      config: { budgetPoints: { newConversationsHourly: 3, newConversationsHourlyRestricted: 1, repeatedFirstMessage: 2 } },
    });
    await t.server.services.sites.updateSafety(t.site.id, { contactMasking: 'mask', helpUrl: 'https://market.test/safety' });
  });
  after(() => t.close());

  const open = (buyer: string, seller: string, listing: string, token?: string) =>
    token
      ? t.server.app.request('/api/v1/conversations', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sellerId: seller, listing: { id: listing } }),
        })
      : t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: listing } });
  const conversationOf = async (res: Response) => (await json<{ conversation: Conversation }>(res)).conversation;

  it('should store the masked body, flag it, and warn the recipient over the socket', async () => {
    const conv = await conversationOf(await open('alice', 'bob', 'ad-mask'));
    const bob = await t.connect('bob');
    const alice = await t.connect('alice');
    const arrived = nextEvent(bob, 'message:created', (m) => m.conversationId === conv.id);
    const ack = await request<Message>(alice, 'message:send', {
      conversationId: conv.id,
      clientId: 'mask-1',
      body: 'Appelle-moi au 06 12 34 56 78 ou alice.m@gmail.com, je paie par Western Union, 650 € le 14/06',
    });
    assert.ok(ack.ok);
    const expected = `Appelle-moi au ${MASK_PLACEHOLDER} ou ${MASK_PLACEHOLDER}, je paie par Western Union, 650 € le 14/06`;
    assert.equal(ack.data.body, expected, 'the sender gets the stored body');
    assert.equal(ack.data.masked, true);
    assert.deepEqual(ack.data.warnings, ['off_platform_payment']);
    const received = await arrived;
    assert.equal(received.body, expected);
    assert.deepEqual(received.warnings, ['off_platform_payment']);
    const [row] = await t.db.sql<
      { body: string; masked: boolean }[]
    >`SELECT body, masked FROM messages WHERE client_id = 'mask-1'`;
    assert.equal(row!.body, expected, 'the number never reached the database');
    assert.equal(row!.masked, true);
    const page = await json<{ messages: Message[] }>(await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`));
    assert.equal(page.messages[0]!.masked, true);
    const sync = await request<SyncResult>(bob, 'sync', { conversations: {} });
    assert.ok(sync.ok);
    assert.deepEqual(sync.data.site, { name: 'Test market', helpUrl: 'https://market.test/safety', previews: true });
  });

  it("should apply the site's own rules, stored on its record", async () => {
    const updated = await t.server.services.sites.updateSafety(t.site.id, {
      rules: { phrases: { off_platform_contact: ['discord'] } },
    });
    assert.deepEqual(updated!.safety.rules, { phrases: { off_platform_contact: ['discord'] } });
    assert.equal(updated!.safety.contactMasking, 'mask', 'other settings kept');
    const conv = await conversationOf(await open('hugo', 'bob', 'ad-rules'));
    const res = await t.api('hugo', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      clientId: 'rules-1',
      body: 'On Discord?',
    });
    assert.deepEqual((await json<{ message: Message }>(res)).message.warnings, ['off_platform_contact']);
  });

  it('should leave ordinary messages and links to the site alone', async () => {
    const conv = await conversationOf(await open('carol', 'bob', 'ad-plain'));
    const body = 'Commande 1004589327, 75011 Paris, 1 299,00 € — photos: http://market.test/ads/1';
    const res = await t.api('carol', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: 'plain-1', body });
    const { message } = await json<{ message: Message }>(res);
    assert.equal(message.body, body);
    assert.equal(message.masked, false);
    assert.deepEqual(message.warnings, []);
  });

  it('should refuse a sender who sets the flags', async () => {
    const conv = await conversationOf(await open('ivy', 'bob', 'ad-forge'));
    const path = `/api/v1/conversations/${conv.id}/messages`;
    for (const forged of [{ masked: false }, { warnings: [] }]) {
      const res = await t.api('ivy', 'POST', path, { clientId: 'forge-1', body: '06 12 34 56 78', ...forged });
      assert.equal(res.status, 400);
    }
  });

  it('should clear the flags of a deleted message', async () => {
    const conv = await conversationOf(await open('erin', 'bob', 'ad-del'));
    const res = await t.api('erin', 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      clientId: 'del-1',
      body: 'WhatsApp: +33 6 98 76 54 32',
    });
    const { message } = await json<{ message: Message }>(res);
    assert.deepEqual([message.masked, message.warnings], [true, ['off_platform_contact']]);
    await t.api('erin', 'DELETE', `/api/v1/messages/${message.id}`);
    const [row] = await t.db.sql`SELECT body, masked, warnings FROM messages WHERE id = ${message.id}`;
    assert.deepEqual({ ...row }, { body: '', masked: false, warnings: [] });
  });

  it('should refuse a new conversation past the hourly allowance with 429 and Retry-After', async () => {
    for (const n of [1, 2]) assert.equal((await open('frank', `seller-${n}`, `ad-h${n}`)).status, 201);
    assert.equal((await open('frank', 'seller-1', 'ad-h1')).status, 200, 'an existing conversation does not count');
    assert.equal((await open('frank', 'seller-3', 'ad-h3')).status, 201);
    const refused = await open('frank', 'seller-4', 'ad-h4');
    assert.equal(refused.status, 429);
    assert.equal((await json<{ error: { code: string } }>(refused)).error.code, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 60 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    assert.equal((await open('frank', 'seller-2', 'ad-h2')).status, 200, 'an existing conversation still opens');
  });

  it('should hold an account younger than a day to the tighter allowance, and refuse a createdAt in the future', async () => {
    const sign = (createdAt: number) =>
      signTestToken({ siteId: t.site.id, secret: t.site.secret, sub: 'newbie', claims: { createdAt } });
    const now = Math.floor(Date.now() / 1000);
    const young = await sign(now - 3600);
    assert.equal((await open('newbie', 'seller-1', 'ad-y1', young)).status, 201);
    assert.equal((await open('newbie', 'seller-2', 'ad-y2', young)).status, 429);
    const old = await signTestToken({
      siteId: t.site.id,
      secret: t.site.secret,
      sub: 'veteran',
      claims: { createdAt: now - 90 * 86400 },
    });
    for (const n of [1, 2]) assert.equal((await open('veteran', `seller-${n}`, `ad-v${n}`, old)).status, 201);
    assert.equal((await open('newbie', 'seller-3', 'ad-y3', await sign(now + 86400))).status, 401);
  });

  it('should slow the same first message sent to many sellers', async () => {
    const pitch = 'Hello!! Great deal, contact me for a better price';
    const results: number[] = [];
    for (const n of [1, 2, 3]) {
      const conv = await conversationOf(await open('gina', `seller-${n}`, `ad-p${n}`));
      // Case and punctuation do not make it another text.
      const body = n === 2 ? pitch.toUpperCase() : pitch;
      const res = await t.api('gina', 'POST', `/api/v1/conversations/${conv.id}/messages`, { clientId: `p-${n}`, body });
      results.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) > 0);
    }
    assert.deepEqual(results, [201, 201, 429]);
  });

  it('should limit a user reported by three distinct users until a moderator decides', async () => {
    for (const reporter of ['r1', 'r2', 'r3']) {
      const conv = await conversationOf(await open(reporter, 'spammer', `ad-${reporter}`));
      const res = await t.api(reporter, 'POST', '/api/v1/reports', { conversationId: conv.id, reason: 'scam' });
      assert.equal(res.status, 201);
    }
    assert.equal((await open('spammer', 'seller-1', 'ad-s1')).status, 201);
    assert.equal((await open('spammer', 'seller-2', 'ad-s2')).status, 429, 'restricted: one per hour');
    const moderation = await t.db.sql`UPDATE reports SET resolved_at = now() WHERE reported_id = 'spammer' RETURNING 1`;
    assert.equal(moderation.length, 3);
    assert.equal((await open('spammer', 'seller-2', 'ad-s2')).status, 201, 'lifted once decided');
  });
});
