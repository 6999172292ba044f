// Smoke test of `npm start`'s zero-setup mode: the embedded PGlite, demo site, and data that survives a restart.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { startServerProcess } from '../testing/server-process.ts';

const START_DEMO = fileURLToPath(new URL('../start-demo.ts', import.meta.url));

describe('embedded database (npm start)', () => {
  let dir = '';
  after(() => rm(dir, { recursive: true, force: true }));

  it('should serve the demo on PGlite and keep messages across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-embedded-'));
    const env = { PARLEY_DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' };
    const first = await startServerProcess(env, START_DEMO);
    const token = async (base: string, user: string) =>
      ((await (await fetch(`${base}/demo/token?user=${user}`)).json()) as { token: string }).token;
    const alice = await token(first.url, 'alice');
    const created = await fetch(`${first.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellerId: 'bob', listing: { id: 'demo-bike', title: 'Vélo' } }),
    });
    assert.equal(created.status, 201);
    const { conversation } = (await created.json()) as { conversation: Conversation };
    assert.equal(conversation.seller.name, 'Bob Durand');
    const sent = await fetch(`${first.url}/api/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'e-1', body: 'Bonjour !' }),
    });
    assert.equal(sent.status, 201);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    const second = await startServerProcess(env, START_DEMO);
    try {
      const bob = await token(second.url, 'bob');
      const page = await fetch(`${second.url}/api/v1/conversations/${conversation.id}/messages`, {
        headers: { authorization: `Bearer ${bob}` },
      });
      const { messages } = (await page.json()) as { messages: Message[] };
      assert.deepEqual(
        messages.map((m) => m.body),
        ['Bonjour !'],
      );
      assert.equal((await fetch(`${second.url}/readyz`)).status, 200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
