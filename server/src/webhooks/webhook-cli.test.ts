// The site CLI's webhook and settings commands, run as `npm run site` runs them, against a real PostgreSQL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { SitesRepository } from '../identity/sites.repository.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

const CLI = fileURLToPath(new URL('../identity/site-cli.ts', import.meta.url));
const run = promisify(execFile);

describe('npm run site -- webhook / set', () => {
  let db: TestDatabase;
  const site = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, DATABASE_URL: db.url } }).then(
      (r) => r.stdout,
    );

  before(async () => {
    db = await createTestDatabase({ max: 2 });
    await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
  });
  after(() => db.drop());

  it('should add an endpoint and print its id and secret, list, rotate and remove it', async () => {
    const out = await site(
      'webhook',
      'add',
      '--site',
      'market',
      '--url',
      'https://hooks.market.test/p',
      '--event',
      'message.created',
      '--event',
      'user.unread',
    );
    const id = /^endpoint id: (we_\w+)$/m.exec(out)?.[1];
    const secret = /^endpoint secret: (whsec_[\w-]+)$/m.exec(out)?.[1];
    assert.ok(id && secret, out);
    const [row] = await db.sql<
      { events: string[]; secret: string }[]
    >`SELECT events, secret FROM webhook_endpoints WHERE id = ${id}`;
    assert.deepEqual(row, { events: ['message.created', 'user.unread'], secret });
    assert.match(await site('webhook', 'list', '--site', 'market'), new RegExp(`${id}\\s+https://hooks.market.test/p`));
    const rotated = await site('webhook', 'rotate', '--site', 'market', '--endpoint', id);
    assert.match(rotated, /^endpoint secret: whsec_/m);
    await assert.rejects(
      site('webhook', 'add', '--site', 'market', '--url', 'https://x.test', '--event', 'nope'),
      /unknown event type/,
    );
    await assert.rejects(site('webhook', 'add', '--site', 'market', '--url', 'ftp://x.test'), /http\(s\)/);
    assert.match(await site('webhook', 'remove', '--site', 'market', '--endpoint', id), /removed/);
  });

  it('should list failed deliveries and queue one again', async () => {
    const [job] = await db.sql<{ id: number }[]>`
      INSERT INTO jobs (kind, payload, state, attempts, last_error)
      VALUES ('webhook', ${db.sql.json({ endpointId: 'we_1', event: { id: 'evt_1', type: 'message.created', siteId: 'market' } })}, 'failed', 31,
              'the endpoint answered 500')
      RETURNING id`;
    assert.match(
      await site('webhook', 'failed', '--site', 'market'),
      new RegExp(`job ${job!.id}\\s+message.created\\s+evt_1.*answered 500`),
    );
    assert.match(await site('webhook', 'retry', '--site', 'market', '--job', String(job!.id)), /queued again/);
    const [after] = await db.sql<{ state: string }[]>`SELECT state FROM jobs WHERE id = ${job!.id}`;
    assert.equal(after!.state, 'queued');
  });

  it('should set the email settings of a site', async () => {
    await site(
      'set',
      '--site',
      'market',
      '--inbox-url',
      'https://market.test/inbox',
      '--email-delay',
      '20',
      '--email-previews',
      'off',
    );
    const [row] = await db.sql`SELECT inbox_url, email_delay_seconds, email_previews FROM sites WHERE id = 'market'`;
    assert.deepEqual(row, { inbox_url: 'https://market.test/inbox', email_delay_seconds: 20, email_previews: false });
    await site('set', '--site', 'market', '--email-delay', 'default');
    const [reset] = await db.sql`SELECT inbox_url, email_delay_seconds FROM sites WHERE id = 'market'`;
    assert.deepEqual(reset, { inbox_url: 'https://market.test/inbox', email_delay_seconds: null }, 'only what was given changes');
  });
});
