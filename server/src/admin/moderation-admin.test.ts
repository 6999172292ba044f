// The site's moderators through the server API: reports with context, deleting, suspending and reinstating.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import type { ReportView } from '../moderation/reports.repository.ts';
import { adminRequest, nextEvent, startTestServer, type TestServer } from '../testing/test-server.ts';

const json = async <T>(res: Response) => (await res.json()) as T;

describe('moderation through the server API', () => {
  let t: TestServer;
  let key: string;
  before(async () => {
    t = await startTestServer();
    key = (await t.server.services.apiKeys.create(t.site.id)).key;
  });
  after(() => t.close());

  const admin = (method: string, path: string, body?: unknown) => adminRequest(t.server.app, key, method, path, body);

  /** A conversation where the seller wrote `count` messages; returns it and the messages. */
  async function talk(buyer: string, seller: string, count: number) {
    const created = await t.api(buyer, 'POST', '/api/v1/conversations', { sellerId: seller, listing: { id: `ad_${buyer}` } });
    const { conversation } = await json<{ conversation: Conversation }>(created);
    const messages: Message[] = [];
    for (let i = 1; i <= count; i++) {
      const res = await t.api(seller, 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
        clientId: `m${i}`,
        body: `message ${i}`,
      });
      messages.push((await json<{ message: Message }>(res)).message);
    }
    return { conversation, messages };
  }
  const report = async (reporter: string, conversationId: string, messageId: string | null, reason: string) => {
    const res = await t.api(reporter, 'POST', '/api/v1/reports', { conversationId, messageId, reason });
    assert.equal(res.status, 201);
  };
  const openReports = async () => (await json<{ reports: ReportView[] }>(await admin('GET', '/reports?status=open'))).reports;

  it('should list open reports with the reported message and its neighbours, and delete it for both parties', async () => {
    const { conversation, messages } = await talk('b_del', 's_del', 9);
    const reported = messages[4]!; // seq 5
    await report('b_del', conversation.id, reported.id, 'Asks for a bank transfer');
    const found = (await openReports()).find((r) => r.messageId === reported.id)!;
    assert.equal(found.reporterId, 'b_del');
    assert.equal(found.reportedUserId, 's_del');
    assert.equal(found.reason, 'Asks for a bank transfer');
    assert.deepEqual(
      found.context.map((m) => m.seq),
      [2, 3, 4, 5, 6, 7, 8],
    );

    const buyerSocket = await t.connect('b_del');
    const deleted = nextEvent(buyerSocket, 'message:deleted', (e) => e.messageId === reported.id);
    const res = await admin('POST', `/reports/${found.id}/resolve`, { action: 'delete_message' });
    assert.equal(res.status, 200);
    assert.equal((await json<{ report: ReportView }>(res)).report.resolution, 'delete_message');
    await deleted;
    const [row] = await t.db.sql<
      { body: string; deleted_at: Date | null }[]
    >`SELECT body, deleted_at FROM messages WHERE id = ${reported.id}`;
    assert.equal(row!.body, '');
    assert.ok(row!.deleted_at);
    assert.ok(!(await openReports()).some((r) => r.id === found.id), 'no longer open');
    assert.equal((await admin('POST', `/reports/${found.id}/resolve`, { action: 'dismiss' })).status, 409);
    assert.equal((await admin('POST', '/reports/no_such_report/resolve', { action: 'dismiss' })).status, 404);
    assert.equal((await admin('POST', `/reports/${found.id}/resolve`, { action: 'ban_forever' })).status, 400);
  });

  it('should suspend the reported user: sockets cut, handshake and sends refused, the other party told; then lift it', async () => {
    const { conversation } = await talk('b_sus', 's_sus', 1);
    await report('b_sus', conversation.id, null, 'Scam');
    const found = (await openReports()).find((r) => r.conversationId === conversation.id)!;
    assert.equal(found.reportedUserId, 's_sus', "with no message, the report is about the reporter's counterpart");

    const sellerSocket = await t.connect('s_sus');
    const buyerSocket = await t.connect('b_sus');
    const cut = new Promise<void>((resolve) => sellerSocket.once('disconnect', () => resolve()));
    const told = nextEvent(buyerSocket, 'conversation:updated', (c) => c.id === conversation.id && c.seller.suspended);
    assert.equal((await admin('POST', `/reports/${found.id}/resolve`, { action: 'suspend_user' })).status, 200);
    await cut;
    await told;

    const send = await t.api('s_sus', 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: 'late',
      body: 'still here',
    });
    assert.equal(send.status, 403);
    assert.equal((await json<{ error: { code: string } }>(send)).error.code, 'suspended');
    await assert.rejects(t.connect('s_sus'), (err: Error & { data?: { code: string } }) => err.data?.code === 'suspended');
    await t.connect('b_sus'); // the other party is unaffected

    assert.equal((await admin('PUT', '/users/s_sus/suspension', { suspended: false })).status, 204);
    const back = await t.api('s_sus', 'POST', `/api/v1/conversations/${conversation.id}/messages`, {
      clientId: 'back',
      body: 'back',
    });
    assert.equal(back.status, 201);
    await t.connect('s_sus');
    assert.equal((await admin('PUT', '/users/nobody_here/suspension', { suspended: true })).status, 404);
  });
});
