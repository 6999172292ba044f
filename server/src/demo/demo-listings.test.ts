// The demo's "mark as sold": its backend calls the server API with its key, and alice's chat hears of it live.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { connectSocket, nextEvent } from '../testing/test-server.ts';
import { type DemoServer, startDemoServer } from './demo-server.ts';
import { signDemoToken } from './demo.routes.ts';

describe('demo listing status', () => {
  let db: TestDatabase;
  let demo: DemoServer;

  before(async () => {
    db = await createTestDatabase({ max: 4 });
    demo = await startDemoServer({
      config: { port: 0, host: '127.0.0.1', jwtAlgorithms: ['HS256'], shutdownGraceMs: 1000 },
      db,
      logger: createLogger('silent'),
      runJobs: false,
    });
  });
  after(async () => {
    await demo.close();
    await db.drop();
  });

  const markAs = (user: string | null, status: string) =>
    demo.app.request('/demo/listings/ad_bike/status', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { cookie: `demo_user=${user}` } : {}) },
      body: JSON.stringify({ status, title: 'City bike, 7 gears', price: '180 €', url: '/listing.html?id=ad_bike' }),
    });

  it("should show 'sold' in alice's open chat when bob marks his listing sold", async () => {
    const res = await demo.app.request('/api/v1/conversations', {
      method: 'POST',
      headers: { authorization: `Bearer ${await signDemoToken('alice')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'bob', listing: { id: 'ad_bike', title: 'City bike, 7 gears' } }),
    });
    const { conversation } = (await res.json()) as { conversation: Conversation };
    const alice = await connectSocket(demo.url, await signDemoToken('alice'));
    try {
      const told = nextEvent(alice, 'message:created', (m: Message) => m.conversationId === conversation.id);
      const card = nextEvent(alice, 'conversation:updated', (c) => c.id === conversation.id && c.listing.status === 'sold');
      assert.equal((await markAs('bob', 'sold')).status, 200);
      assert.deepEqual((await told).system, { type: 'listing.status', status: 'sold' });
      await card;
    } finally {
      alice.disconnect();
    }
    assert.equal((await markAs(null, 'sold')).status, 401, 'nobody signed in');
    assert.equal((await markAs('alice', 'available')).status, 403, 'a buyer cannot change the listing');
    assert.equal((await markAs('carol', 'available')).status, 403, "another seller cannot change bob's listing");
  });
});
