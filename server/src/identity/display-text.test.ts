// Nothing a user writes can reorder text (bidi overrides removed), and a name that shows nothing is no name.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { cleanDisplayName, isInvisible, stripBidiControls } from '../safe-text.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';

const RLO = '\u202E';
/** Shows as `https://files.test/invoice/exe.pdf`, links to `…/invoice/fdp.exe`. */
const SPOOFED_LINK = `https://files.test/invoice/${RLO}fdp.exe`;

/** Names that draw nothing: zero-width space, ZWJ + ZWNJ, Hangul fillers, blank braille, LRM, tags, spaces. */
const INVISIBLE_NAMES = [
  '\u200B',
  '\u200D\u200C',
  '\u3164',
  '\u115F\u1160',
  ' \u2800 ',
  '\u200E\u200F',
  '\u{E0041}\u{E0042}',
  ' \t ',
];

describe('display text rules', () => {
  it('should remove bidi embedding, override and isolate controls and keep LRM and RLM', () => {
    assert.equal(stripBidiControls(SPOOFED_LINK), 'https://files.test/invoice/fdp.exe');
    assert.equal(stripBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j'), 'abcdefghij');
    assert.equal(stripBidiControls('שלום\u200F abc \u200E'), 'שלום\u200F abc \u200E');
  });

  it('should make a name that shows nothing no name, and tidy the others', () => {
    for (const name of INVISIBLE_NAMES) assert.equal(cleanDisplayName(name), null, JSON.stringify(name));
    assert.equal(cleanDisplayName(`Invoice${RLO}fdp.exe`), 'Invoicefdp.exe');
    assert.equal(cleanDisplayName(' Alice \n\t Martin '), 'Alice Martin');
    assert.equal(cleanDisplayName('محمد'), 'محمد');
    assert.equal(cleanDisplayName('👍'), '👍');
    assert.equal(cleanDisplayName('\u200BA\u200B'), '\u200BA\u200B', 'a visible name is kept as written');
    assert.equal(isInvisible('\u0301\u0301'), true, 'combining marks with no base');
  });
});

describe('display text through the server', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const signIn = async (sub: string, name: string) => {
    const token = await signTestToken({ siteId: t.site.id, secret: t.site.secret, sub, name });
    const res = await t.server.app.request('/api/v1/unread', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, 'the token is accepted: the name is cosmetic');
  };
  const storedName = async (sub: string) =>
    (await t.db.sql<{ name: string | null }[]>`SELECT name FROM users WHERE site_id = ${t.site.id} AND id = ${sub}`)[0]!.name;

  it('should store a name with bidi overrides without them, and an invisible name as no name', async () => {
    await signIn('spoof', `Support${RLO}fdp.exe`);
    assert.equal(await storedName('spoof'), 'Supportfdp.exe');
    for (const [i, name] of INVISIBLE_NAMES.entries()) {
      await signIn(`ghost${i}`, name);
      assert.equal(await storedName(`ghost${i}`), null, JSON.stringify(name));
    }
    const res = await t.api('dt_b', 'POST', '/api/v1/conversations', { sellerId: 'ghost0', listing: { id: 'ad_ghost' } });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    assert.equal(conversation.seller.name, null, 'the widget shows its own fallback');
  });

  it('should store bodies and listing snapshots without bidi overrides, on REST and on the socket', async () => {
    const res = await t.api('dt_b', 'POST', '/api/v1/conversations', {
      sellerId: 'dt_s',
      listing: { id: 'ad_bidi', title: `Bike ${RLO}fdp.exe`, price: `${RLO}05 €` },
    });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    assert.equal(conversation.listing.title, 'Bike fdp.exe');
    assert.equal(conversation.listing.price, '05 €');

    const rest = await t.api('dt_b', 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: 'bidi-rest',
      body: `Your invoice: ${SPOOFED_LINK}`,
    });
    assert.equal(((await rest.json()) as { message: Message }).message.body, 'Your invoice: https://files.test/invoice/fdp.exe');

    const s = await t.connect('dt_b');
    const ack = await request<Message>(s, 'message:send', {
      conversationId: conversation.id,
      clientId: 'bidi-socket',
      body: `\u2067${SPOOFED_LINK}\u2069`,
    });
    assert.ok(ack.ok);
    assert.equal(ack.data.body, 'https://files.test/invoice/fdp.exe');
    const rows = await t.db.sql<{ body: string }[]>`SELECT body FROM messages WHERE client_id LIKE 'bidi-%' ORDER BY seq`;
    assert.ok(rows.length === 2 && rows.every((r) => !/[\u202A-\u202E\u2066-\u2069]/.test(r.body)), 'stored without them');
    s.disconnect();
  });
});
