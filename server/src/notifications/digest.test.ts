// Email digests end to end: a real server, real PostgreSQL, a real SMTP server, and a clock the test moves.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { openDatabase } from '../db/sql.ts';
import { updateSiteEmailSettings, type Site } from '../identity/sites.repository.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { createLogger } from '../logger.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../testing/smtp-sink.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';
import { digestJobHandler } from './digest-job.ts';
import { createSmtpMailer } from './mailer.ts';

const DELAY_S = 180;
const PUBLIC_URL = 'https://chat.market.test';

describe('email digests', () => {
  let sink: SmtpSink;
  let t: TestServer;
  // The runner's clock: the wall clock plus however far the test moved it.
  let offset = 1000;
  const clock = () => Date.now() + offset;
  const logLines: string[] = [];

  before(async () => {
    sink = await startSmtpSink();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await startTestServer({
      runJobs: false,
      clock,
      logger: pino({ level: 'info' }, logStream),
      config: {
        notify: {
          smtpUrl: sink.url,
          mailFrom: 'Parley <noreply@parley.test>',
          publicUrl: PUBLIC_URL,
          emailDelaySeconds: DELAY_S,
        },
      },
    });
    await updateSiteEmailSettings(t.db.sql, t.site.id, { inboxUrl: 'https://market.test/inbox?tab=messages' });
    await updateSiteEmailSettings(t.db.sql, t.otherSite.id, { inboxUrl: 'http://other.test/messages', emailPreviews: false });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  /** Calls the API as `sub` with a token carrying `claims` (email, locale). */
  async function as(
    sub: string,
    method: string,
    path: string,
    body?: unknown,
    options: { site?: Site; claims?: Record<string, unknown>; name?: string } = {},
  ) {
    const site = options.site ?? t.site;
    const token = await signTestToken({
      siteId: site.id,
      secret: site.secret,
      sub,
      name: options.name ?? `Name of ${sub}`,
      claims: options.claims,
    });
    const res = await t.server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as Record<string, never>);
  }

  /** A recipient with an address (their token told it), and a conversation a buyer opened with them. */
  async function conversationWith(
    seller: string,
    buyer: string,
    options: { locale?: string; site?: Site; title?: string; buyerName?: string } = {},
  ) {
    await as(seller, 'GET', '/api/v1/unread', undefined, {
      site: options.site,
      claims: { email: `${seller}@mail.test`, ...(options.locale ? { locale: options.locale } : {}) },
    });
    const res = await as(
      buyer,
      'POST',
      '/api/v1/conversations',
      { sellerId: seller, listing: { id: `ad-${seller}-${buyer}`, title: options.title ?? 'Blue bike' } },
      { site: options.site, name: options.buyerName },
    );
    return (res as unknown as { conversation: { id: string } }).conversation.id;
  }

  const send = async (sender: string, conversationId: string, body: string, site?: Site, name?: string) =>
    (
      (await as(
        sender,
        'POST',
        `/api/v1/conversations/${conversationId}/messages`,
        { clientId: `c-${Math.random()}`, body },
        { site, name },
      )) as unknown as {
        message: { id: string; seq: number };
      }
    ).message;

  const mailsTo = (user: string) => sink.mails.filter((m) => m.to.includes(`${user}@mail.test`));

  /** Moves the clock and runs every job that became due. */
  async function advance(seconds: number) {
    offset += seconds * 1000;
    await t.server.jobs.runDue();
  }

  it('should email one digest with both unread messages after the delay, and nothing before', async () => {
    const id = await conversationWith('bob', 'alice');
    await send('alice', id, 'Is it still available?');
    await send('alice', id, 'I can come tomorrow.');
    await advance(DELAY_S - 5);
    assert.equal(mailsTo('bob').length, 0, 'not before the delay');
    await advance(10);
    const mails = mailsTo('bob');
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mail.subject, '2 unread messages on Test market');
    for (const part of [mail.text, mail.html]) {
      assert.match(part, /Is it still available\?/);
      assert.match(part, /I can come tomorrow\./);
      assert.match(part, /Name of alice/);
      assert.match(part, /Blue bike/);
    }
    const link = `https://market.test/inbox?tab=messages&parley-conversation=${id}`;
    assert.ok(mail.text.includes(link), 'the text part links to the conversation');
    assert.ok(mail.html.includes(`href="${link.replace('&', '&amp;')}"`), 'so does the button');
    assert.match(mail.headers.get('list-unsubscribe')!, /^<https:\/\/chat\.market\.test\/email\/unsubscribe\?t=[\w.-]+>$/);
    assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.doesNotMatch(
      mail.html,
      /<img|<script|https?:\/\/(?!market\.test|chat\.market\.test)/i,
      'no image, script or other remote resource',
    );
    await advance(3600);
    assert.equal(mailsTo('bob').length, 1, 'each message is emailed once');
  });

  it('should refuse a token whose email claim is not one plain address, and never show an address to others', async () => {
    for (const email of ['a@b.test, victim@c.test', 'Name <a@b.test>', 'no-at-sign', 'a@b.test\r\nBcc: c@d.test']) {
      await assert.rejects(as('quinn', 'GET', '/api/v1/unread', undefined, { claims: { email } }), /401/);
    }
    await assert.rejects(as('quinn', 'GET', '/api/v1/unread', undefined, { claims: { locale: 'fr"><' } }), /401/);
    const id = await conversationWith('rita', 'alice');
    await send('alice', id, 'hello');
    const seen = JSON.stringify([
      await as('alice', 'GET', `/api/v1/conversations/${id}`),
      await as('alice', 'GET', '/api/v1/conversations'),
      await as('rita', 'GET', '/api/v1/conversations'),
    ]);
    assert.ok(!seen.includes('rita@mail.test'), 'no REST answer carries the address');
    await as('rita', 'POST', `/api/v1/conversations/${id}/read`, { seq: 1 });
  });

  it('should schedule one digest for sends batched into one statement', async () => {
    const buyers = Array.from({ length: 12 }, (_, i) => `buyer${i}`);
    const ids = await Promise.all(buyers.map((buyer) => conversationWith('sam', buyer)));
    await Promise.all(ids.map((id, i) => send(buyers[i]!, id, `offer ${i}`)));
    const queued = await t.db.sql`SELECT 1 FROM jobs WHERE kind = 'digest' AND state = 'queued' AND payload->>'userId' = 'sam'`;
    assert.equal(queued.length, 1);
    await advance(DELAY_S + 1);
    assert.equal(mailsTo('sam').length, 1);
    assert.match(mailsTo('sam')[0]!.subject, /^12 unread messages/);
  });

  it('should send nothing for messages read within the delay', async () => {
    const id = await conversationWith('carol', 'alice');
    const { seq } = await send('alice', id, 'Hello carol');
    await as('carol', 'POST', `/api/v1/conversations/${id}/read`, { seq });
    await advance(DELAY_S + 1);
    assert.equal(mailsTo('carol').length, 0);
  });

  it('should send nothing for a muted conversation, a blocked sender or a deleted message', async () => {
    const muted = await conversationWith('gina', 'alice');
    await t.db.sql`UPDATE members SET muted = true WHERE conversation_id = ${muted} AND user_id = 'gina'`;
    await send('alice', muted, 'muted news');

    const blocked = await conversationWith('hugo', 'mallory');
    await send('mallory', blocked, 'buy my scam');
    await as('hugo', 'POST', '/api/v1/users/mallory/block');

    const deleted = await conversationWith('ivan', 'alice');
    const message = await send('alice', deleted, 'oops, wrong person');
    await as('alice', 'DELETE', `/api/v1/messages/${message.id}`);

    await advance(DELAY_S + 1);
    assert.deepEqual([mailsTo('gina').length, mailsTo('hugo').length, mailsTo('ivan').length], [0, 0, 0]);
  });

  it('should group conversations into one email per delay window', async () => {
    const first = await conversationWith('judy', 'alice', { title: 'Lamp' });
    const second = await conversationWith('judy', 'dave', { title: 'Sofa' });
    await send('alice', first, 'About the lamp');
    await advance(60);
    await send('dave', second, 'About the sofa');
    await advance(DELAY_S - 59);
    assert.equal(mailsTo('judy').length, 1);
    assert.match(mailsTo('judy')[0]!.text, /About the lamp[\s\S]*About the sofa|About the sofa[\s\S]*About the lamp/);
    // A message after the window: the next email comes a delay later, not before.
    await send('alice', first, 'Still there?');
    await advance(DELAY_S - 10);
    assert.equal(mailsTo('judy').length, 1, 'at most one email per delay window');
    await advance(20);
    assert.equal(mailsTo('judy').length, 2);
    assert.match(mailsTo('judy')[1]!.text, /Still there\?/);
    assert.doesNotMatch(mailsTo('judy')[1]!.text, /About the lamp/);
  });

  it('should write in the recipient’s language', async () => {
    const id = await conversationWith('kevin', 'alice', { locale: 'fr-FR', title: 'Vélo bleu' });
    await send('alice', id, 'Bonjour, toujours dispo ?');
    await send('alice', id, 'Merci');
    await advance(DELAY_S + 1);
    const [mail] = mailsTo('kevin');
    assert.equal(mail?.subject, '2 messages non lus sur Test market');
    assert.match(mail!.text, /Bonjour Name of kevin,/);
    assert.match(mail!.text, /Name of alice à propos de « Vélo bleu »/);
    assert.match(mail!.html, /Ouvrir la conversation/);
    assert.match(mail!.html, /<html lang="fr">/);
  });

  it('should escape hostile text in the HTML part', async () => {
    const id = await conversationWith('lena', 'mallory', { title: '"><b>bold</b>', buyerName: '<script>alert(1)</script>' });
    await send(
      'mallory',
      id,
      '<img src=x onerror=alert(1)> & <a href="https://evil.test">click</a>',
      undefined,
      '<script>alert(1)</script>',
    );
    await advance(DELAY_S + 1);
    const [mail] = mailsTo('lena');
    assert.ok(mail);
    assert.doesNotMatch(mail.html, /<script|<img|<b>|<a href="https:\/\/evil/);
    assert.match(mail.html, /&lt;img src=x onerror=alert\(1\)&gt; &amp; &lt;a href=&quot;https:\/\/evil\.test&quot;&gt;/);
    assert.match(mail.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(mail.html, /&quot;&gt;&lt;b&gt;bold&lt;\/b&gt;/);
    assert.match(mail.text, /<img src=x onerror=alert\(1\)>/, 'the text part keeps the text as written');
  });

  it('should send counts only when the site turned previews off', async () => {
    const id = await conversationWith('mia', 'alice', { site: t.otherSite });
    await send('alice', id, 'secret details', t.otherSite);
    await advance(DELAY_S + 1);
    const [mail] = mailsTo('mia');
    assert.ok(mail);
    assert.doesNotMatch(mail.text + mail.html, /secret details/);
    assert.match(mail.text, /1 new message/);
    assert.ok(mail.text.includes(`http://other.test/messages?parley-conversation=${id}`));
  });

  it('should stop after a one-click unsubscribe, and not unsubscribe on a GET', async () => {
    const id = await conversationWith('nora', 'alice');
    await send('alice', id, 'first');
    await advance(DELAY_S + 1);
    const url = new URL(/^<(.*)>$/.exec(mailsTo('nora')[0]!.headers.get('list-unsubscribe')!)![1]!);
    const token = url.searchParams.get('t')!;

    const page = await t.server.app.request(url.pathname + url.search);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/);
    const forged = await t.server.app.request(`${url.pathname}?t=${token.slice(0, -2)}xx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(forged.status, 400, 'a forged token is refused');
    const [nora] = await t.db.sql<{ unsubscribed_at: Date | null }[]>`
      SELECT unsubscribed_at FROM users WHERE id = 'nora'`;
    assert.equal(nora?.unsubscribed_at, null, 'neither the page nor a forged token unsubscribed anyone');

    const res = await t.server.app.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.status, 200);
    await send('alice', id, 'second');
    await advance(DELAY_S * 3);
    assert.equal(mailsTo('nora').length, 1, 'nothing after unsubscribing');
    assert.ok(
      logLines.some((l) => l.includes('/email/unsubscribe')),
      'the request was logged',
    );
    assert.ok(!logLines.some((l) => l.includes(token)), 'without its token');
  });

  it('should deliver once after the SMTP server refused for a while', async () => {
    const id = await conversationWith('olga', 'alice');
    await send('alice', id, 'are you there?');
    sink.mode = 'refuse';
    try {
      await advance(DELAY_S + 1);
      const [job] = await t.db.sql<{ attempts: number; last_error: string; state: string }[]>`
        SELECT attempts, last_error, state FROM jobs WHERE kind = 'digest' AND payload->>'userId' = 'olga'`;
      assert.equal(job!.state, 'queued');
      assert.equal(job!.attempts, 1);
      assert.match(job!.last_error, /451/);
      await advance(10);
      assert.equal(mailsTo('olga').length, 0);
    } finally {
      sink.mode = 'accept';
    }
    await advance(3600);
    assert.equal(mailsTo('olga').length, 1);
    await advance(3600);
    assert.equal(mailsTo('olga').length, 1, 'delivered once');
  });

  it('should send one email when two runners on separate connections race for the digest', async () => {
    const other = await openDatabase({ databaseUrl: t.db.url, dataDir: '', logger: createLogger('silent'), max: 4 });
    const mailer = createSmtpMailer(sink.url, 'Parley <noreply@parley.test>');
    try {
      const second = new JobRunner({
        sql: other.sql,
        logger: createLogger('silent'),
        clock,
        handlers: [
          digestJobHandler({
            sql: other.sql,
            mailer,
            defaultDelaySeconds: DELAY_S,
            publicUrl: () => PUBLIC_URL,
            logger: createLogger('silent'),
          }),
        ],
      });
      const id = await conversationWith('pia', 'alice');
      await send('alice', id, 'race');
      offset += (DELAY_S + 1) * 1000;
      const received: Promise<ReceivedMail> = sink.nextMail();
      await Promise.all([t.server.jobs.runDue(), second.runDue()]);
      await received;
      assert.equal(mailsTo('pia').length, 1);
    } finally {
      mailer.close?.();
      await other.close();
    }
  });
});
