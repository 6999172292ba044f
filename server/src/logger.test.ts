// Log format switch on the real entry point: JSON when piped, pino-pretty when asked or on a terminal, with the demo's welcome.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));
const ESC = '\u001b[';

/**
 * Starts `command` in its own process group with `env` added, resolves with its stdout once `until`
 * matches it, then ends the group (the entry, and `script` around it when there is one).
 */
async function outputUntil(command: string[], env: Record<string, string>, until: RegExp): Promise<string> {
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    return await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (until.test(stdout)) resolve(stdout);
      });
      void closed.then(() => reject(new Error(`ended before ${until}: ${stdout}\n${stderr}`)));
    });
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await closed;
  }
}

const node = [process.execPath, '--import', 'tsx', ENTRY];

describe('log format', () => {
  let db: TestDatabase;
  before(async () => (db = await createTestDatabase({ max: 2 })));
  after(() => db.drop());

  it('should write JSON lines when stdout is not a terminal', async () => {
    const out = await outputUntil(node, { DATABASE_URL: db.url }, /parley listening.*\n/);
    const lines = out.trim().split('\n');
    assert.ok(lines.length > 1);
    for (const line of lines) assert.equal((JSON.parse(line) as { service: string }).service, 'parley');
  });

  it('should write readable lines with PARLEY_LOG_FORMAT=pretty', async () => {
    const out = await outputUntil(node, { DATABASE_URL: db.url, PARLEY_LOG_FORMAT: 'pretty' }, /parley listening[^]*port: \d+/);
    assert.match(out, /^\[\d\d:\d\d:\d\d\] INFO: parley listening\n {4}port: \d+$/m);
    assert.throws(() => JSON.parse(out.split('\n')[0]!));
  });

  it('should write coloured lines on a terminal, and the demo says where to go in three lines', async () => {
    // `script` runs the entry on a pseudo-terminal: stdout.isTTY is true there, as in `npm start`.
    const command = ['script', '-qfec', node.map((part) => `'${part}'`).join(' '), '/dev/null'];
    const out = await outputUntil(command, { DATABASE_URL: db.url, PARLEY_DEMO: '1' }, /Ctrl\+C\.\r?\n/);
    assert.ok(out.includes(`${ESC}32mINFO${ESC}39m`), 'the level is coloured');
    const welcome = out.slice(out.lastIndexOf('Parley demo:')).trim().split(/\r?\n/);
    assert.equal(welcome.length, 3);
    assert.match(welcome[0]!, /^Parley demo: open http:\/\/localhost:\d+ and sign in as alice or dave/);
    assert.match(welcome[1]!, /^Emails the demo would send \(kept in memory\): http:\/\/localhost:\d+\/demo\/mail$/);
    assert.equal(welcome[2], 'Stop the server with Ctrl+C.');
  });
});
