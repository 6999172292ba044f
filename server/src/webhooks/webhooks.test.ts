// Webhooks end to end: events written with their change, signed deliveries to a real HTTP receiver, retries with the same id.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { isPrivateAddress } from './safe-target.ts';
import { postWebhook } from './webhook-delivery.ts';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.ts';
import { verifyParleySignature } from './verify-signature.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver answering each request with the next status of `answers` (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    answers,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks', () => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let endpoints: WebhookEndpointsRepository;
  let endpoint: { id: string; secret: string };
  // The runner's clock: the wall clock plus however far the test moved it.
  let offset = 1000;
  const clock = () => Date.now() + offset;

  before(async () => {
    t = await startTestServer({
      runJobs: false,
      clock,
      config: { notify: { webhookAllowPrivate: true, emailDelaySeconds: 60 } },
    });
    receiver = await startReceiver();
    endpoints = new WebhookEndpointsRepository(t.db.sql);
    endpoint = await endpoints.add(t.site.id, receiver.url, [
      'message.created',
      'message.deleted',
      'conversation.created',
      'conversation.read',
      'report.created',
      'user.unread',
    ]);
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const events = () =>
    receiver.received.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; siteId: string; data: Record<string, unknown> },
    );
  async function advance(seconds: number) {
    offset += seconds * 1000;
    await t.server.jobs.runDue();
  }
  const json = async (res: Response) =>
    (await res.json()) as { conversation: { id: string }; message: { id: string } & Record<string, unknown> };

  it('should POST each event signed, verifiable with the documented function', async () => {
    const opened = await json(
      await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'w1', title: 'Desk' } }),
    );
    const conversationId = opened.conversation.id;
    const sent = await json(
      await t.api('alice', 'POST', `/api/v1/conversations/${conversationId}/messages`, { clientId: 'w-1', body: 'hi bob' }),
    );
    await t.api('bob', 'POST', `/api/v1/conversations/${conversationId}/read`, { seq: 1 });
    await t.api('bob', 'POST', '/api/v1/reports', { conversationId, reason: 'spam' });
    await t.api('alice', 'DELETE', `/api/v1/messages/${sent.message.id}`);
    await advance(1);
    const types = events().map((e) => e.type);
    assert.deepEqual(types.sort(), [
      'conversation.created',
      'conversation.read',
      'message.created',
      'message.deleted',
      'report.created',
    ]);
    const created = events().find((e) => e.type === 'message.created')!;
    assert.equal(created.siteId, t.site.id);
    assert.deepEqual(
      created.data,
      sent.message,
      'message.created carries the Message exactly as the REST answer (messageJson = toMessage)',
    );
    assert.match(created.data.createdAt as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const r of receiver.received) {
      assert.equal(r.headers['parley-event-id'], (JSON.parse(r.body) as { id: string }).id);
      assert.ok(
        verifyParleySignature(r.body, r.headers['parley-signature'] as string, endpoint.secret, 300, Math.floor(clock() / 1000)),
      );
      assert.ok(
        !verifyParleySignature(r.body, r.headers['parley-signature'] as string, 'wrong secret', 300, Math.floor(clock() / 1000)),
      );
      assert.ok(
        !verifyParleySignature(
          `${r.body} `,
          r.headers['parley-signature'] as string,
          endpoint.secret,
          300,
          Math.floor(clock() / 1000),
        ),
      );
      assert.ok(
        !verifyParleySignature(
          r.body,
          r.headers['parley-signature'] as string,
          endpoint.secret,
          300,
          Math.floor(clock() / 1000) + 301,
        ),
        'too old',
      );
    }
  });

  it('should show in the docs the verify function the tests use', async () => {
    const docs = await readFile(new URL('../../../docs/notifications.md', import.meta.url), 'utf8');
    const source = await readFile(new URL('./verify-signature.ts', import.meta.url), 'utf8');
    const block = /<!-- verify-signature:start -->\s*```ts\n([\s\S]*?)```\s*<!-- verify-signature:end -->/.exec(docs)?.[1];
    assert.ok(block, 'docs/notifications.md has the verify block');
    assert.equal(
      block.trim(),
      source.split('\n').slice(1).join('\n').trim(),
      'the block is verify-signature.ts (without its first comment line)',
    );
  });

  it('should retry after a 500 with the same event id, and deliver later when the receiver was down', async () => {
    receiver.received.length = 0;
    receiver.answers.push(500);
    const opened = await json(await t.api('carol', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'w2' } }));
    await advance(1);
    assert.equal(receiver.received.length, 1);
    const first = events()[0]!;
    assert.equal(first.type, 'conversation.created');
    await advance(60);
    assert.equal(receiver.received.length, 2, 'retried after its backoff');
    assert.equal(events()[1]!.id, first.id, 'the same event id');
    assert.equal(receiver.received[1]!.headers['parley-event-id'], first.id);

    // Receiver down: connections refused, then it comes back.
    await receiver.close();
    receiver.received.length = 0;
    await t.api('carol', 'POST', `/api/v1/conversations/${opened.conversation.id}/messages`, {
      clientId: 'w-2',
      body: 'later',
    });
    await advance(1);
    const [job] = await t.db.sql<{ attempts: number; state: string; last_error: string }[]>`
      SELECT attempts, state, last_error FROM jobs WHERE kind = 'webhook' AND payload->'event'->>'type' = 'message.created' AND state = 'queued'`;
    assert.equal(job?.state, 'queued');
    assert.match(job!.last_error, /ECONNREFUSED/);
    await advance(120);
    await new Promise<void>((resolve) => receiver.server.listen(receiver.port, '127.0.0.1', resolve));
    await advance(3600);
    assert.deepEqual(
      events()
        .filter((e) => e.type === 'message.created')
        .map((e) => e.data.body),
      ['later'],
    );
  });

  it('should send user.unread under the email rule, without any email address', async () => {
    receiver.received.length = 0;
    const opened = await json(await t.api('dave', 'POST', '/api/v1/conversations', { sellerId: 'erin', listing: { id: 'w3' } }));
    const id = opened.conversation.id;
    await t.api('dave', 'POST', `/api/v1/conversations/${id}/messages`, { clientId: 'w-3', body: 'one' });
    await t.api('dave', 'POST', `/api/v1/conversations/${id}/messages`, { clientId: 'w-4', body: 'two' });
    await advance(61);
    await advance(1);
    const unread = events().filter((e) => e.type === 'user.unread');
    assert.equal(unread.length, 1);
    assert.deepEqual(unread[0]!.data, { userId: 'erin', total: 2, conversations: [{ id, unread: 2 }] });
  });

  it('should sign with both secrets during a rotation', async () => {
    receiver.received.length = 0;
    const rotated = await endpoints.rotate(t.site.id, endpoint.id);
    assert.ok(rotated);
    await t.api('frank', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'w4' } });
    await advance(1);
    const r = receiver.received[0]!;
    const header = r.headers['parley-signature'] as string;
    assert.equal(header.split(',').filter((p) => p.startsWith('v1=')).length, 2);
    assert.ok(
      verifyParleySignature(r.body, header, endpoint.secret, 300, Math.floor(clock() / 1000)),
      'the old secret still verifies',
    );
    assert.ok(verifyParleySignature(r.body, header, rotated.secret, 300, Math.floor(clock() / 1000)), 'so does the new one');
    endpoint = { id: endpoint.id, secret: rotated.secret };
  });

  it('should refuse private addresses unless allowed, follow no redirect, and stop reading a long answer', async () => {
    assert.ok(
      isPrivateAddress('127.0.0.1') &&
        isPrivateAddress('10.1.2.3') &&
        isPrivateAddress('::1') &&
        isPrivateAddress('::ffff:192.168.1.1'),
    );
    assert.ok(!isPrivateAddress('93.184.216.34'));
    await assert.rejects(postWebhook('http://127.0.0.1:9/x', '{}', {}, { allowPrivate: false }), /private/);
    await assert.rejects(postWebhook('http://localhost:9/x', '{}', {}, { allowPrivate: false }), /private/);
    const server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' });
        return res.end();
      }
      res.writeHead(200);
      res.write(Buffer.alloc(64 * 1024));
      // Never ends: the client must stop reading by itself.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await postWebhook(`${base}/redirect`, '{}', {}, { allowPrivate: true }), 302);
      assert.equal(await postWebhook(`${base}/long`, '{}', {}, { allowPrivate: true, timeoutMs: 5000 }), 200);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
