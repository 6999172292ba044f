// The embedded database folder has one owner: a second server or a CLI refuses, SIGKILL frees it, backups restore.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const START_DEMO = fileURLToPath(new URL('../start-demo.ts', import.meta.url));
const SITE_CLI = fileURLToPath(new URL('../identity/site-cli.ts', import.meta.url));
const BACKUP_CLI = fileURLToPath(new URL('./backup-cli.ts', import.meta.url));
const run = promisify(execFile);

/** Runs a CLI with `dataDir`; resolves with its exit code and output instead of throwing on failure. */
async function cli(script: string, dataDir: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, PARLEY_DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** A demo server on `dataDir`. */
const startOn = (dataDir: string) =>
  startServerProcess({ PARLEY_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' }, START_DEMO);

/** Starting a server that must refuse: resolves with what it printed. */
async function refusal(dataDir: string): Promise<string> {
  const outcome = await startOn(dataDir).then(
    (p) => {
      p.child.kill('SIGKILL');
      return null;
    },
    (err: Error) => err.message,
  );
  assert.ok(outcome, 'the server should have refused to start');
  return outcome;
}

async function stop(p: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') {
  p.child.kill(signal);
  return p.exited;
}

async function token(base: string, user: string): Promise<string> {
  return ((await (await fetch(`${base}/demo/token?user=${user}`)).json()) as { token: string }).token;
}

/** Alice's conversation with bob about the bike. */
async function openConversation(base: string): Promise<{ id: string; alice: string }> {
  const alice = await token(base, 'alice');
  const res = await fetch(`${base}/api/v1/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sellerId: 'bob', listing: { id: 'demo-bike', title: 'Vélo' } }),
  });
  return { id: ((await res.json()) as { conversation: Conversation }).conversation.id, alice };
}

async function send(base: string, alice: string, conversationId: string, clientId: string): Promise<boolean> {
  const res = await fetch(`${base}/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, body: `message ${clientId}` }),
  }).catch(() => null);
  return res?.status === 201;
}

async function bodies(base: string, conversationId: string): Promise<string[]> {
  const bob = await token(base, 'bob');
  const res = await fetch(`${base}/api/v1/conversations/${conversationId}/messages?limit=200`, {
    headers: { authorization: `Bearer ${bob}` },
  });
  return ((await res.json()) as { messages: Message[] }).messages.map((m) => m.body);
}

describe('embedded database folder', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-lock-'));
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('should let one process own it: a second server and the site CLI refuse, a backup goes through the server', async () => {
    const dir = await tempDir();
    const first = await startOn(dir);
    try {
      const { id, alice } = await openConversation(first.url);
      assert.ok(await send(first.url, alice, id, 'a-1'));

      assert.match(await refusal(dir), /is in use by a Parley server \(pid \d+/);
      const site = await cli(SITE_CLI, dir, ['create', '--name', 'Other']);
      assert.equal(site.code, 2);
      assert.match(site.out, /is in use by a Parley server/);

      const file = join(await tempDir(), 'copy.tar.gz');
      const backup = await cli(BACKUP_CLI, dir, ['--out', file]);
      assert.equal(backup.code, 0, backup.out);
      assert.ok(await send(first.url, alice, id, 'a-2'), 'the server still serves after the backup');

      const restored = await tempDir();
      const restore = await cli(BACKUP_CLI, restored, ['restore', file]);
      assert.equal(restore.code, 0, restore.out);
      assert.equal((await cli(BACKUP_CLI, restored, ['restore', file])).code, 2, 'never restores over a database');
      const fromBackup = await startOn(restored);
      try {
        assert.deepEqual(await bodies(fromBackup.url, id), ['message a-1']);
      } finally {
        await stop(fromBackup);
      }
    } finally {
      assert.equal(await stop(first), 0);
    }
  });

  it('should keep every acknowledged message through SIGKILLs during writes', async () => {
    const dir = await tempDir();
    const acked: string[] = [];
    let conversationId = '';
    for (let round = 0; round < 2; round++) {
      const server = await startOn(dir);
      if (!conversationId) conversationId = (await openConversation(server.url)).id;
      const alice = await token(server.url, 'alice');
      // Four writers send until the process dies, killed after its 8th ack of the round with sends in flight.
      let ackedThisRound = 0;
      const writer = async (w: number) => {
        for (let i = 0; ; i++) {
          const clientId = `r${round}-w${w}-${i}`;
          if (!(await send(server.url, alice, conversationId, clientId))) return;
          acked.push(`message ${clientId}`);
          if (++ackedThisRound === 8) server.child.kill('SIGKILL');
        }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      await server.exited;
    }
    const last = await startOn(dir);
    try {
      const stored = await bodies(last.url, conversationId);
      assert.ok(acked.length > 0, 'some sends were acknowledged before each kill');
      for (const body of acked) assert.ok(stored.includes(body), `${body} was acknowledged, then lost`);
    } finally {
      await stop(last);
    }
  });

  it('should refuse a folder that will not open, with recovery steps, and never start an empty database over it', async () => {
    const notADatabase = await tempDir();
    await mkdir(join(notADatabase, 'pgdata'));
    await writeFile(join(notADatabase, 'pgdata', 'notes.txt'), 'mine');
    assert.match(await refusal(notADatabase), /holds no database[\s\S]*npm run backup -- restore/);
    assert.deepEqual(await readdir(join(notADatabase, 'pgdata')), ['notes.txt']);

    const damaged = await tempDir();
    const healthy = await startOn(damaged);
    await stop(healthy);
    const control = await open(join(damaged, 'pgdata', 'global', 'pg_control'), 'r+');
    await control.write(Buffer.alloc(512), 0, 512, 0);
    await control.close();
    assert.match(await refusal(damaged), /did not open[\s\S]*restore your last backup/);
  });
});
