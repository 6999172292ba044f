// A server process killed with SIGKILL while its SMTP server holds the digest: the job is retried after its lease, and sent once.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { SitesRepository, type Site } from '../identity/sites.repository.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { createLogger } from '../logger.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { signTestToken } from '../testing/tokens.ts';
import { digestJobHandler } from './digest-job.ts';
import { createSmtpMailer } from './mailer.ts';

describe('a process killed mid-delivery', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let site: Site;
  let proc: ServerProcess | undefined;

  before(async () => {
    db = await createTestDatabase({ max: 4 });
    sink = await startSmtpSink('stall');
    site = await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
  });
  after(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await sink.close();
    await db.drop();
  });

  it('should leave the digest to be retried once the lease expires, and deliver it once', async () => {
    proc = await startServerProcess({
      DATABASE_URL: db.url,
      PARLEY_SMTP_URL: sink.url,
      PARLEY_EMAIL_DELAY: '0',
      PARLEY_JOB_POLL_MS: '50',
      PARLEY_PUBLIC_URL: 'https://chat.market.test',
    });
    const call = async (sub: string, method: string, path: string, body?: unknown, claims?: Record<string, unknown>) => {
      const token = await signTestToken({ siteId: site.id, secret: site.secret, sub, claims });
      const res = await fetch(proc!.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status}`);
      return res.status === 204 ? null : ((await res.json()) as { conversation: { id: string } });
    };
    await call('bob', 'GET', '/api/v1/unread', undefined, { email: 'bob@mail.test' });
    const { conversation } = (await call('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'ad1' } }))!;
    const stalled = once(sink.events, 'stalled');
    await call('alice', 'POST', `/api/v1/conversations/${conversation.id}/messages`, { clientId: 'k1', body: 'still there?' });
    await stalled; // the process has sent the email's data and waits for the SMTP server's answer
    proc.child.kill('SIGKILL');
    await proc.exited;

    const [job] = await db.sql<{ state: string; attempts: number }[]>`SELECT state, attempts FROM jobs WHERE kind = 'digest'`;
    assert.deepEqual(job, { state: 'queued', attempts: 1 }, 'the job is still queued, held by the dead process');
    sink.mode = 'accept';
    const logger = createLogger('silent');
    const mailer = createSmtpMailer(sink.url, 'Parley <noreply@parley.test>');
    let skew = 0;
    const runner = new JobRunner({
      sql: db.sql,
      logger,
      clock: () => Date.now() + skew,
      handlers: [
        digestJobHandler({ sql: db.sql, mailer, defaultDelaySeconds: 0, publicUrl: () => 'https://chat.market.test', logger }),
      ],
    });
    try {
      assert.equal(await runner.runDue(), 0, 'not while its lease holds');
      skew = 61_000;
      assert.equal(await runner.runDue(), 1, 'taken again once the lease expired');
      assert.equal(sink.mails.length, 1);
      assert.match(sink.mails[0]!.text, /still there\?/);
      assert.equal(await runner.runDue(), 0);
      assert.equal(sink.mails.length, 1, 'sent once');
    } finally {
      mailer.close?.();
    }
  });
});
