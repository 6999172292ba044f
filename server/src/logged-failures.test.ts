// Failures that used to vanish without a word are logged: the socket CORS origin lookup and the readiness ping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { openDatabase } from './db/sql.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from './testing/test-server.ts';

/** A logger that keeps what it is given, parsed, for the test to read. */
function capturingLogger() {
  const entries: Array<{ msg: string; err?: string }> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void entries.push(JSON.parse(line)) });
  return { logger, messages: () => entries.map((entry) => entry.msg), entries };
}

describe('logged failures', () => {
  const capture = capturingLogger();
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ logger: capture.logger });
  });
  after(() => t.close());

  it('should log a failed origin lookup in the Socket.IO CORS check, and still refuse the request', async () => {
    // The allowed origins cannot be read: every lookup of them fails.
    await t.db.sql`ALTER TABLE sites RENAME TO sites_away`;
    try {
      const res = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: TEST_ORIGIN } });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    } finally {
      await t.db.sql`ALTER TABLE sites_away RENAME TO sites`;
    }
    const logged = capture.entries.find((entry) => entry.msg === 'socket cors origin lookup failed');
    assert.ok(logged, `logged: ${JSON.stringify(capture.messages())}`);
    assert.match(logged.err ?? '', /sites/);
  });

  it('should log why the database did not answer the readiness ping', async () => {
    const own = capturingLogger();
    // Nothing listens on port 1: the connection is refused.
    const db = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '', logger: own.logger });
    try {
      assert.equal(await db.ping(5000), false);
    } finally {
      await db.close();
    }
    const logged = own.entries.find((entry) => entry.msg === 'database ping failed');
    assert.ok(logged, `logged: ${JSON.stringify(own.messages())}`);
    assert.match(logged.err ?? '', /ECONNREFUSED/);
  });
});
