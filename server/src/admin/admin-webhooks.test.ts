// Webhook endpoints through the server API: created with a secret shown once, listed without it, scoped to the key's site.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest, startTestServer, type TestServer } from '../testing/test-server.ts';

const json = async <T>(res: Response) => (await res.json()) as T;

describe('webhooks through the server API', () => {
  let t: TestServer;
  let key: string;
  let otherKey: string;
  before(async () => {
    t = await startTestServer();
    key = (await t.server.services.apiKeys.create(t.site.id)).key;
    otherKey = (await t.server.services.apiKeys.create(t.otherSite.id)).key;
  });
  after(() => t.close());

  const admin = (method: string, path: string, body?: unknown, apiKey = key) =>
    adminRequest(t.server.app, apiKey, method, path, body);

  it('should add, list, rotate and remove endpoints of its own site only', async () => {
    const created = await admin('POST', '/webhooks', { url: 'https://hooks.market.test/parley', events: ['message.created'] });
    assert.equal(created.status, 201);
    const { webhook, secret } = await json<{ webhook: { id: string; events: string[] }; secret: string }>(created);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(webhook.events, ['message.created']);

    const listed = await json<{ webhooks: Array<{ id: string }> }>(await admin('GET', '/webhooks'));
    assert.deepEqual(
      listed.webhooks.map((w) => w.id),
      [webhook.id],
    );
    assert.ok(!JSON.stringify(listed).includes(secret), 'a listed endpoint never shows its secret');
    assert.deepEqual((await json<{ webhooks: unknown[] }>(await admin('GET', '/webhooks', undefined, otherKey))).webhooks, []);
    assert.equal((await admin('DELETE', `/webhooks/${webhook.id}`, undefined, otherKey)).status, 404);
    assert.equal((await admin('POST', `/webhooks/${webhook.id}/rotate`, undefined, otherKey)).status, 404);

    const rotated = await json<{ secret: string }>(await admin('POST', `/webhooks/${webhook.id}/rotate`));
    assert.notEqual(rotated.secret, secret);
    assert.equal((await admin('DELETE', `/webhooks/${webhook.id}`)).status, 204);
    assert.deepEqual((await json<{ webhooks: unknown[] }>(await admin('GET', '/webhooks'))).webhooks, []);
  });

  it('should refuse a bad endpoint and list no failed delivery of another site', async () => {
    assert.equal((await admin('POST', '/webhooks', { url: 'ftp://hooks.market.test' })).status, 400);
    assert.equal((await admin('POST', '/webhooks', { url: 'https://user:pw@hooks.market.test' })).status, 400);
    assert.equal((await admin('POST', '/webhooks', { url: 'https://hooks.market.test', events: ['nope'] })).status, 400);
    assert.deepEqual((await json<{ deliveries: unknown[] }>(await admin('GET', '/webhook-deliveries/failed'))).deliveries, []);
    assert.equal((await admin('POST', '/webhook-deliveries/12345/retry')).status, 404);
  });
});
