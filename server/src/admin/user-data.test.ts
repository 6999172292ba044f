// A user's data on the site's request: the export holds everything, and erasure leaves none of their words in any table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Conversation, Message } from '../../../protocol/index.ts';
import { adminRequest, nextEvent, startTestServer, type TestServer } from '../testing/test-server.ts';
import { signTestToken } from '../testing/tokens.ts';
import type { UserExport } from './user-data.service.ts';

const json = async <T>(res: Response) => (await res.json()) as T;
/** Every string the erased user put in, each marked so that a leftover is found wherever it hides. */
const MARK = 'zq7erasable';

describe('user data (export and erasure)', () => {
  let t: TestServer;
  let key: string;
  before(async () => {
    t = await startTestServer();
    key = (await t.server.services.apiKeys.create(t.site.id)).key;
  });
  after(() => t.close());

  const admin = (method: string, path: string) => adminRequest(t.server.app, key, method, path);
  const tokenOf = (sub: string) =>
    signTestToken({
      siteId: t.site.id,
      secret: t.site.secret,
      sub,
      name: sub === 'erased' ? `Name ${MARK}` : `Name of ${sub}`,
      claims: sub === 'erased' ? { email: `${MARK}@example.com`, locale: 'fr' } : {},
    });
  const as = async (sub: string, method: string, path: string, body?: unknown, type = 'application/json') =>
    t.server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(sub)}`, 'content-type': type },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
    });

  it('should export everything about the user, then erase their words and photos everywhere and tell the other party', async () => {
    const created = await as('erased', 'POST', '/api/v1/conversations', {
      sellerId: 'keeper',
      listing: { id: 'ad_gdpr', title: 'Lamp' },
    });
    const { conversation } = await json<{ conversation: Conversation }>(created);
    const send = async (sub: string, clientId: string, body: string, attachments?: string[]) =>
      (
        await json<{ message: Message }>(
          await as(sub, 'POST', `/api/v1/conversations/${conversation.id}/messages`, { clientId, body, attachments }),
        )
      ).message;
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const upload = await json<{ upload: { id: string } }>(
      await as('erased', 'POST', '/api/v1/uploads', new Blob([image]), 'image/jpeg'),
    );
    const first = await send('erased', 'e1', `My number is ${MARK} one`, [upload.upload.id]);
    await send('keeper', 'k1', 'Keeper answers, kept');
    await send('erased', 'e2', `Second ${MARK} two`);
    await as('erased', 'POST', '/api/v1/reports', { conversationId: conversation.id, messageId: null, reason: `Reason ${MARK}` });
    await as('erased', 'POST', '/api/v1/users/blocked_one/block');

    const exported = await json<UserExport>(await admin('GET', '/users/erased/export'));
    assert.equal(exported.user.name, `Name ${MARK}`);
    assert.equal(exported.user.email, `${MARK}@example.com`);
    assert.deepEqual(
      exported.messages.map((m) => m.body),
      [`My number is ${MARK} one`, `Second ${MARK} two`],
    );
    assert.equal(exported.conversations[0]!.id, conversation.id);
    assert.equal(exported.reports[0]!.reason, `Reason ${MARK}`);
    assert.deepEqual(
      exported.blocked.map((b) => b.userId),
      ['blocked_one'],
    );
    assert.deepEqual(
      exported.photos.map((p) => p.messageId),
      [first.id],
    );
    assert.equal((await admin('GET', '/users/nobody/export')).status, 404);

    const keeper = await t.connect('keeper');
    const deleted = nextEvent(keeper, 'message:deleted', (e) => e.messageId === first.id);
    assert.equal((await admin('DELETE', '/users/erased')).status, 204);
    await deleted;

    // No table holds the user's words any more: every text, json and array column of every table.
    const columns = await t.db.sql<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`;
    assert.ok(columns.length > 20, 'the scan covers the schema');
    const leftovers: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [row] = await t.db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM ${t.db.sql(table_name)} WHERE ${t.db.sql(column_name)}::text ILIKE ${`%${MARK}%`}`;
      if (row!.n > 0) leftovers.push(`${table_name}.${column_name}`);
    }
    assert.deepEqual(leftovers, []);
    const [photos] = await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM uploads WHERE owner_id = 'erased'`;
    assert.equal(photos!.n, 0);

    // The other party's thread keeps its numbering: tombstones at seq 1 and 3, their own message intact.
    const page = await json<{ messages: Message[] }>(
      await as('keeper', 'GET', `/api/v1/conversations/${conversation.id}/messages`),
    );
    assert.deepEqual(
      page.messages.map((m) => [m.seq, m.body, m.deletedAt !== null]),
      [
        [1, '', true],
        [2, 'Keeper answers, kept', false],
        [3, '', true],
      ],
    );
    assert.equal((await admin('DELETE', '/users/nobody')).status, 404);
  });
});
