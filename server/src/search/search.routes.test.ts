// GET /search against a real PostgreSQL: languages, accents, prefixes, highlights, membership, deletions, limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message, SearchResponse, SearchResult } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('GET /search', () => {
  let t: TestServer;
  const ids: Record<string, string> = {};
  const messages: Record<string, Message> = {};

  const send = async (user: string, conversation: string, key: string, body: string) => {
    const res = await t.api(user, 'POST', `/api/v1/conversations/${conversation}/messages`, { clientId: key, body });
    assert.equal(res.status, 201);
    messages[key] = ((await res.json()) as { message: Message }).message;
  };
  const open = async (buyer: string, seller: string, id: string, title: string) => {
    const res = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id, title } });
    ids[id] = ((await res.json()) as { conversation: Conversation }).conversation.id;
    return ids[id];
  };
  const search = async (user: string, q: string, extra = '') => {
    const res = await t.api(user, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as SearchResponse).results;
  };
  const found = (results: SearchResult[]) => results.filter((r) => r.field === 'message').map((r) => r.messageId);
  const marked = (r: SearchResult) => r.highlights.map(([a, b]) => r.text.slice(a, b));

  before(async () => {
    t = await startTestServer();
    const bike = await open('alice', 'bob', 'ad_bike', 'Vélo de ville');
    await send('alice', bike, 'fr1', 'Bonjour, le vélo est-il toujours disponible ?');
    await send('bob', bike, 'fr2', 'Oui, les deux vélos électriques sont là.');
    await send('alice', bike, 'gone', 'Mon numéro secret: vélo 0612');
    const phone = await open('alice', 'bob', 'ad_phone', 'iPhone 14 Pro');
    await send('alice', phone, 'en1', 'Is the phone still available? I love bikes too');
    await send('bob', phone, 'en2', 'Running late, the bike shop is closed');
    // Mallory talks with carol about bikes: alice must never find it.
    const other = await open('mallory', 'carol', 'ad_mallory', 'Vélo de course');
    await send('mallory', other, 'm1', 'vélo volé, very secret bike');
    const del = await t.api('alice', 'DELETE', `/api/v1/messages/${messages.gone!.id}`);
    assert.equal(del.status, 204);
  });
  after(() => t.close());

  it('should find French words with or without accents, and plurals through stems', async () => {
    for (const q of ['vélo', 'velo', 'VELOS', 'électrique']) {
      const results = await search('alice', q);
      const hits = found(results);
      if (q === 'électrique') assert.deepEqual(hits, [messages.fr2!.id]);
      else assert.deepEqual(new Set(hits), new Set([messages.fr1!.id, messages.fr2!.id]), q);
    }
  });

  it('should find English words by stem and by prefix while typing', async () => {
    assert.deepEqual(new Set(found(await search('alice', 'bikes'))), new Set([messages.en1!.id, messages.en2!.id]));
    assert.deepEqual(found(await search('alice', 'run')), [messages.en2!.id]);
    assert.deepEqual(found(await search('alice', 'availa')), [messages.en1!.id]);
    assert.deepEqual(found(await search('alice', 'dispo')), [messages.fr1!.id]);
    // Every word must match.
    assert.deepEqual(found(await search('alice', 'phone avail')), [messages.en1!.id]);
    assert.deepEqual(found(await search('alice', 'phone closed')), []);
  });

  it('should return highlight ranges of the matching words in the text, never markup', async () => {
    const [result] = (await search('alice', 'electriq')).filter((r) => r.field === 'message');
    assert.ok(result);
    assert.equal(result.text, 'Oui, les deux vélos électriques sont là.');
    assert.deepEqual(result.highlights, [[20, 31]]);
    assert.deepEqual(marked(result), ['électriques']);
    assert.equal(result.conversationId, ids.ad_bike);
    assert.equal(result.seq, messages.fr2!.seq);
    const both = (await search('alice', 'vélos deux')).find((r) => r.messageId === messages.fr2!.id)!;
    assert.deepEqual(marked(both), ['deux', 'vélos']);
  });

  it('should find listing titles and the other party’s name, in the caller’s own conversations', async () => {
    const titles = (await search('alice', 'ville')).filter((r) => r.field === 'listing');
    assert.deepEqual(
      titles.map((r) => [r.conversationId, r.text, r.messageId]),
      [[ids.ad_bike, 'Vélo de ville', null]],
    );
    assert.deepEqual(marked(titles[0]!), ['ville']);
    const names = (await search('bob', 'alice')).filter((r) => r.field === 'name');
    assert.deepEqual(new Set(names.map((r) => r.conversationId)), new Set([ids.ad_bike, ids.ad_phone]));
    assert.ok((await search('alice', 'course')).length === 0, 'mallory’s listing title');
  });

  it('should never find a non-member’s messages nor a deleted message', async () => {
    const all = [...(await search('alice', 'vélo')), ...(await search('alice', 'secret')), ...(await search('alice', 'volé'))];
    assert.ok(!all.some((r) => r.conversationId === ids.ad_mallory));
    assert.ok(!all.some((r) => r.messageId === messages.gone!.id));
    assert.deepEqual(await search('alice', '0612'), []);
    assert.deepEqual(found(await search('mallory', 'bike')), [messages.m1!.id]);
    // Same user id on another site: nothing.
    const token = await t.token('alice', t.otherSite);
    const res = await t.server.app.request('/api/v1/search?q=velo', { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(((await res.json()) as SearchResponse).results, []);
  });

  it('should treat query syntax as plain words and honour limit', async () => {
    assert.deepEqual(found(await search('alice', "vélo:* | !(x) & 'y")), []);
    assert.equal((await search('alice', "vélo:* | ' ")).length > 0, true);
    assert.deepEqual(await search('alice', '!!! ???'), []);
    assert.equal((await search('alice', 'v', '&limit=1')).length, 1);
  });

  it('should refuse a missing, empty, too long or NUL query and a bad limit', async () => {
    const bad = ['', '?q=', `?q=${'a'.repeat(201)}`, '?q=a%00b', '?q=a&limit=0', '?q=a&limit=51', '?q=a&other=1'];
    for (const query of bad) {
      const res = await t.api('alice', 'GET', `/api/v1/search${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid');
    }
    assert.equal((await t.api(null, 'GET', '/api/v1/search?q=a')).status, 401);
  });

  it('should rate limit searches per user', async () => {
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) status = (await t.api('dave', 'GET', `/api/v1/search?q=x${i}`)).status;
    assert.equal(status, 429);
    assert.equal((await t.api('erin', 'GET', '/api/v1/search?q=x')).status, 200, 'another user keeps their budget');
  });
});
