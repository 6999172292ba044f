// The demo's mail loop: alice writes to bob, who is away; after the demo's delay, /demo/mail shows bob's email, in French, with a working link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { type DemoServer, startDemoServer } from './demo-server.ts';
import { DEMO_EMAIL_DELAY_SECONDS } from './demo-users.ts';
import { signDemoToken } from './demo.routes.ts';

describe('demo mail page', () => {
  let db: TestDatabase;
  let demo: DemoServer;
  let offset = 1000;

  before(async () => {
    db = await createTestDatabase({ max: 4 });
    demo = await startDemoServer({
      config: { port: 0, host: '127.0.0.1', jwtAlgorithms: ['HS256'], shutdownGraceMs: 1000 },
      db,
      logger: createLogger('silent'),
      runJobs: false,
      clock: () => Date.now() + offset,
    });
  });
  after(async () => {
    await demo.close();
    await db.drop();
  });

  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await demo.app.request(path, {
      method,
      headers: { authorization: `Bearer ${await signDemoToken(user)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status}`);
    return (await res.json()) as { conversation: { id: string } };
  };

  it("should show bob's email in French after the demo's delay, with a link that signs in as bob", async () => {
    const { conversation } = await call('alice', 'POST', '/api/v1/conversations', {
      sellerId: 'bob',
      listing: { id: 'velo', title: 'Vélo <b>bleu</b>' },
    });
    await call('alice', 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: 'm1',
      body: 'Toujours dispo ?',
    });
    await demo.jobs.runDue();
    assert.doesNotMatch(await (await demo.app.request('/demo/mail')).text(), /non lu/, 'nothing before the delay');
    offset += (DEMO_EMAIL_DELAY_SECONDS + 1) * 1000;
    await demo.jobs.runDue();
    const res = await demo.app.request('/demo/mail');
    const page = await res.text();
    assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.match(page, /1 message non lu sur Parley demo marketplace/);
    assert.match(page, /To: bob@demo\.example/);
    assert.match(page, /&amp;lt;b&amp;gt;bleu/, 'the listing title is escaped inside the escaped frame');
    assert.doesNotMatch(page, /<b>bleu/);
    const signIn = /href="(\/demo\/sign-in\?[^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const redirect = await demo.app.request(signIn);
    assert.equal(redirect.status, 303);
    assert.equal(redirect.headers.get('location'), `/messages.html?parley-conversation=${conversation.id}`);
    assert.match(redirect.headers.get('set-cookie')!, /^demo_user=bob;/);
    assert.equal((await demo.app.request('/demo/sign-in?user=bob&next=//evil.test')).status, 400, 'no open redirect');
  });
});
