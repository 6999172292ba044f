// The process-level guard, on the real entry point in a child process: an escaped error is logged and the server keeps serving.
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Conversation } from '../../protocol/index.ts';
import { SitesRepository } from './identity/sites.repository.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { signTestToken } from './testing/tokens.ts';

const FAULTY_ENTRY = fileURLToPath(new URL('./testing/faulty-entry.ts', import.meta.url));

/** Resolves with the first log line (already seen or to come) that `match` accepts; rejects if the process exits first. */
function logLine(proc: ServerProcess, match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const parse = (line: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof SyntaxError) return null; // not a JSON log line
      throw err;
    }
  };
  const seen = proc.logs.map(parse).find((e) => e && match(e));
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.child.stdout! });
    const onLine = (line: string) => {
      const entry = parse(line);
      if (entry && match(entry)) {
        // Not lines.close(): closing a readline interface pauses the stream it reads, and the other
        // readers of the child's stdout (another logLine, server-process.ts) would then wait forever.
        lines.off('line', onLine);
        resolve(entry);
      }
    };
    lines.on('line', onLine);
    void proc.exited.then((code) => reject(new Error(`the server exited with ${code}`)));
  });
}

describe('process guard', () => {
  let db: TestDatabase;
  let proc: ServerProcess;
  let token: string;
  before(async () => {
    db = await createTestDatabase();
    proc = await startServerProcess({ DATABASE_URL: db.url }, FAULTY_ENTRY);
    const site = await new SitesRepository(db.sql).upsert({ id: 'market', name: 'Market', allowedOrigins: [] });
    token = await signTestToken({ siteId: site.id, secret: site.secret, sub: 'alice' });
  });
  after(async () => {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await db.drop();
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${proc.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('should log an uncaught exception and an unhandled rejection with pino, and keep serving', async () => {
    const exception = logLine(proc, (e) => e.msg === 'uncaught exception; still serving');
    const rejection = logLine(proc, (e) => e.msg === 'unhandled rejection; still serving');
    proc.child.kill('SIGUSR2');
    const [thrown, rejected] = await Promise.all([exception, rejection]);
    assert.equal(thrown.level, 50, 'logged as an error');
    assert.match((thrown.err as { message: string }).message, /thrown from a timer/);
    assert.match((thrown.err as { stack: string }).stack, /faulty-entry/, 'with its stack, in the log only');
    assert.match((rejected.err as { message: string }).message, /rejected promise/);

    assert.equal(proc.child.exitCode, null, 'still running');
    assert.equal((await fetch(`${proc.url}/healthz`)).status, 200);
    const created = await api('POST', '/conversations', { sellerId: 'bob', listing: { id: 'ad_guard' } });
    const { conversation } = (await created.json()) as { conversation: Conversation };
    const sent = await api('POST', `/conversations/${conversation.id}/messages`, { clientId: 'g1', body: 'after the fault' });
    assert.equal(sent.status, 201);
    const read = await api('GET', `/conversations/${conversation.id}/messages`);
    const { messages } = (await read.json()) as { messages: Array<{ body: string }> };
    assert.deepEqual(
      messages.map((m) => m.body),
      ['after the fault'],
    );
    assert.ok(!proc.logs.join('\n').includes(token), 'the token never reaches the logs');
  });

  it('should still stop on SIGTERM with exit code 0', async () => {
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
  });
});
