// Listing links: forged cards refused when a conversation is created, old bad rows shown without links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Conversation } from '../../../protocol/index.ts';
import { allowedOriginFilter, checkListingUrl } from '../../../protocol/listing-url.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../testing/test-server.ts';

/** Links a forged card could carry; each must be refused as `url` and as `imageUrl`. */
const FORGED = [
  '/\t/evil.example/',
  '/\n/evil.example',
  '/\r/evil.example',
  ' /\t\\evil.example',
  'HTTPS://evil.example/x',
  'https://good@evil.example/',
  `${TEST_ORIGIN.replace('://', '://user:pass@')}/ads/9`,
  'https://evil.example/login',
  'https://tracker.example/pixel.gif',
  'javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:image/svg+xml,<svg/>',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  'https:evil.example',
  'ads/9',
  '?x=1',
];

describe('listing links', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  let n = 0;
  /** Each call by a new buyer: per-user limits on new conversations never get in the way. */
  const contact = (listing: Record<string, unknown>, buyer = `links_b${++n}`) =>
    t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: 'links_s', listing: { id: `ad_links_${n}`, ...listing } });

  it('should refuse forged links in url and imageUrl with a clear invalid error', async () => {
    for (const field of ['url', 'imageUrl']) {
      for (const value of FORGED) {
        const res = await contact({ [field]: value });
        assert.equal(res.status, 400, `${field} = ${JSON.stringify(value)}`);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(error.code, 'invalid');
        assert.match(error.message, new RegExp(`^listing\\.${field}: `), error.message);
      }
    }
    const [stored] = await t.db.sql`SELECT count(*)::int AS n FROM conversations WHERE buyer_id LIKE 'links_b%'`;
    assert.equal(stored!.n, 0, 'nothing stored for a refused card');
  });

  it('should say which rule a link breaks', async () => {
    const messageFor = async (url: string) =>
      ((await (await contact({ url })).json()) as { error: { message: string } }).error.message;
    assert.match(await messageFor('https://evil.example/login'), /allowed origins/);
    assert.match(await messageFor('https://good@evil.example/'), /user name or password/);
    assert.match(await messageFor('javascript:alert(1)'), /http or https/);
    assert.match(await messageFor('/\t/evil.example/'), /single "\/"/);
  });

  it('should accept paths on the site and URLs on its allowed origins, stored normalised', async () => {
    const cases: Array<[string, string]> = [
      ['/ads/9', '/ads/9'],
      ['  /ads/9?ref=home#photos ', '/ads/9?ref=home#photos'],
      ['/ads/../ads/9', '/ads/9'],
      ['/ads/9\t', '/ads/9'],
      ['/ads/caf\u00e9', '/ads/caf%C3%A9'],
      [`${TEST_ORIGIN}/ads/9`, `${TEST_ORIGIN}/ads/9`],
      ['HTTP://MARKET.test:80/img/9.jpg', `${TEST_ORIGIN}/img/9.jpg`],
    ];
    for (const [given, stored] of cases) {
      const res = await contact({ url: given, imageUrl: given });
      assert.equal(res.status, 201, given);
      const { conversation } = (await res.json()) as { conversation: Conversation };
      assert.equal(conversation.listing.url, stored, given);
      assert.equal(conversation.listing.imageUrl, stored, given);
      const [row] = await t.db.sql`SELECT listing_url FROM conversations WHERE id = ${conversation.id}`;
      assert.equal(row!.listing_url, stored, 'the normalised form is what is stored');
    }
  });

  it("should check absolute URLs against the caller's own site", async () => {
    const token = await t.token('links_other', t.otherSite);
    const res = await t.server.app.request('/api/v1/conversations', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'links_s', listing: { id: 'ad_cross', url: `${TEST_ORIGIN}/ads/9` } }),
    });
    assert.equal(res.status, 400, "the market's origin is not the other site's");
  });

  it('should show no link or picture for a bad link stored before the check', async () => {
    const res = await contact({ url: '/ads/1', imageUrl: '/img/1.jpg' }, 'links_old');
    const { conversation } = (await res.json()) as { conversation: Conversation };
    await t.db.sql`
      UPDATE conversations SET listing_url = 'https://evil.example/login', listing_image_url = ${'/\t/tracker.example/p.gif'}
      WHERE id = ${conversation.id}`;
    const view = (await (await t.api('links_old', 'GET', `/api/v1/conversations/${conversation.id}`)).json()) as {
      conversation: Conversation;
    };
    assert.equal(view.conversation.listing.url, null);
    assert.equal(view.conversation.listing.imageUrl, null);
    const list = (await (await t.api('links_old', 'GET', '/api/v1/conversations')).json()) as { conversations: Conversation[] };
    assert.deepEqual(
      list.conversations.map((c) => [c.listing.url, c.listing.imageUrl]),
      [[null, null]],
    );
  });
});

describe('checkListingUrl', () => {
  const site = 'https://site.example';
  const allow = allowedOriginFilter([site]);
  const pieces = [
    '/',
    '\\',
    '\t',
    '\n',
    '\r',
    ' ',
    '\u0000',
    '.',
    '..',
    '@',
    ':',
    '#',
    '?',
    '%2F',
    'evil.example',
    'site.example',
  ];
  const schemes = ['', '', 'https:', 'HTTPS:', 'http:', 'javascript:', 'https://', 'https://site.example', 'https://a@'];
  const candidate = fc
    .tuple(fc.constantFrom(...schemes), fc.array(fc.constantFrom(...pieces), { maxLength: 8 }))
    .map(([scheme, parts]) => scheme + parts.join(''));

  it('should only accept links that stay on the site from any page, normalised without changing what a path means', () => {
    const pages = ['https://site.example/list', 'http://mirror.example/a/b?c'];
    fc.assert(
      fc.property(candidate, fc.constantFrom(...pages), (raw, page) => {
        const result = checkListingUrl(raw, allow);
        if (!result.ok) return;
        const shown = new URL(result.url, page);
        const isPath = result.url.startsWith('/');
        assert.equal(shown.origin, isPath ? new URL(page).origin : site, `${JSON.stringify(raw)} leaves the site`);
        assert.equal(shown.username + shown.password, '', `${JSON.stringify(raw)} carries credentials`);
        assert.deepEqual(checkListingUrl(result.url, allow), result, 'normalising twice changes nothing');
        if (isPath) assert.equal(shown.href, new URL(raw, page).href, `${JSON.stringify(raw)} changed meaning when normalised`);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 5000) },
    );
  });

  it('should keep a relative path relative, so each page resolves it against its own origin', () => {
    assert.deepEqual(checkListingUrl('/ads/9', allow), { ok: true, url: '/ads/9' });
    assert.deepEqual(checkListingUrl('https://site.example/ads/9', allow), { ok: true, url: 'https://site.example/ads/9' });
    assert.deepEqual(checkListingUrl('https://other.example/ads/9', allow), { ok: false, problem: 'origin' });
  });
});
