// /metrics over HTTP after real sends, syncs and a failed job: the token guard and each metric's value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, SyncResult } from '../../../protocol/index.ts';
import { JobsRepository } from '../jobs/jobs.repository.ts';
import { nextEvent, request, startTestServer, type TestServer } from '../testing/test-server.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of the sample `name{labels}` in a Prometheus text page (labels in the order written), or undefined. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([k, v]) => have.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestServer;
  let page: string;

  before(async () => {
    t = await startTestServer({ config: { metricsToken: TOKEN }, runJobs: false });
    const created = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad_1' } });
    const { conversation } = (await created.json()) as { conversation: { id: string } };
    const alice = await t.connect('alice');
    const bob = await t.connect('bob');
    for (const n of [1, 2, 3]) {
      const arrived = nextEvent(bob, 'message:created', (m) => m.clientId === `c${n}`);
      const ack = await request<Message>(alice, 'message:send', {
        conversationId: conversation.id,
        clientId: `c${n}`,
        body: `hi ${n}`,
      });
      assert.equal(ack.ok, true);
      await arrived;
    }
    const synced = await request<SyncResult>(bob, 'sync', { conversations: { [conversation.id]: 1 } });
    assert.equal(synced.ok && synced.data.messages.length, 2);
    // A job nobody handles fails for good at once; another waits for tomorrow.
    const jobs = new JobsRepository(t.db.sql);
    await jobs.enqueue({ kind: 'nobody-handles-this', payload: {} });
    await jobs.enqueue({ kind: 'nobody-handles-this', payload: {}, dueAt: new Date(Date.now() + 86_400_000) });
    await t.server.jobs.runDue();
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    page = await response.text();
  });
  after(() => t.close());

  it('should answer 401 without the token, with a wrong one, and with the token outside a Bearer header', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of cases) {
      const response = await fetch(`${t.url}/metrics`, { headers });
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  it('should count connected sockets and messages stored', () => {
    assert.equal(sample(page, 'parley_connected_sockets'), 2);
    assert.equal(sample(page, 'parley_messages_total'), 3);
  });

  it('should time each acked send and each sync, with the messages a sync returned', () => {
    assert.equal(sample(page, 'parley_socket_request_seconds_count', { event: 'message:send', outcome: 'ok' }), 3);
    assert.ok(sample(page, 'parley_socket_request_seconds_sum', { event: 'message:send', outcome: 'ok' })! > 0);
    assert.equal(sample(page, 'parley_socket_request_seconds_bucket', { event: 'message:send', le: '+Inf' }), 3);
    assert.equal(sample(page, 'parley_socket_request_seconds_count', { event: 'sync', outcome: 'ok' }), 1);
    assert.equal(sample(page, 'parley_sync_messages_count'), 1);
    assert.equal(sample(page, 'parley_sync_messages_sum'), 2);
  });

  it('should time the fan-out of each pushed event', () => {
    assert.equal(sample(page, 'parley_fanout_seconds_count', { event: 'message:created' }), 3);
    assert.ok(sample(page, 'parley_fanout_seconds_sum', { event: 'message:created' })! > 0);
  });

  it('should report the job queue and count failed attempts', () => {
    assert.equal(sample(page, 'parley_job_failures_total', { kind: 'nobody-handles-this', final: 'true' }), 1);
    assert.equal(sample(page, 'parley_job_queue', { state: 'queued' }), 1);
    assert.equal(sample(page, 'parley_job_queue', { state: 'due' }), 0);
    assert.equal(sample(page, 'parley_job_queue', { state: 'failed' }), 1);
  });

  it('should report the database pool: its size and the connections in use', () => {
    assert.equal(sample(page, 'parley_db_pool_connections', { state: 'max' }), 10);
    // The scrape's own query is running while it counts.
    assert.ok(sample(page, 'parley_db_pool_connections', { state: 'active' })! >= 1);
  });

  it('should include the process metrics', () => {
    assert.ok(sample(page, 'process_resident_memory_bytes')! > 0);
  });
});

describe('GET /metrics without PARLEY_METRICS_TOKEN', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.close());

  it('should not exist', async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } });
    assert.equal(response.status, 404);
  });
});
