// Photos end to end: upload and cleaning, refusals, sending, signed URLs for members only, deletion, sweep, export and erasure.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { API_PREFIX, type Conversation, LIMITS, type Message, type Upload } from '../../../protocol/index.ts';
import { nextEvent, request, startTestServer, type TestServer } from '../testing/test-server.ts';
import { LocalStorage } from './storage.ts';
import { jpegWithGps, notImages, pngBomb } from './test-images.ts';

describe('photos', () => {
  let t: TestServer;
  let conv: Conversation;
  let dir: string;
  let clock = Date.parse('2026-03-01T10:17:00Z');
  const now = () => clock;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-photos-'));
    t = await startTestServer({ photos: { storage: new LocalStorage(dir), secret: 'test-secret', now } });
    const res = await t.api('alice', 'POST', '/api/v1/conversations', { sellerId: 'bob', listing: { id: 'bike' } });
    conv = ((await res.json()) as { conversation: Conversation }).conversation;
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (user: string, bytes: Uint8Array | ReadableStream, headers: Record<string, string> = {}) => {
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token(user)}`, 'content-type': 'image/jpeg', ...headers },
      body: bytes as BodyInit,
      duplex: 'half',
    };
    return t.server.app.request(`${API_PREFIX}/uploads`, init);
  };
  const uploaded = async (user: string, bytes: Uint8Array) => {
    const res = await upload(user, bytes);
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { upload: Upload }).upload;
  };
  const send = async (user: string, body: object) => t.api(user, 'POST', `/api/v1/conversations/${conv.id}/messages`, body);
  const sent = async (user: string, body: object) => {
    const res = await send(user, body);
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { message: Message }).message;
  };
  const fetchPhoto = (url: string) => t.server.app.request(url);
  const uploadRows = async () => (await t.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM uploads`)[0]!.n;

  it('should store a phone JPEG without any metadata, scaled to 2048 px, and show it live to the other member', async () => {
    const original = await jpegWithGps(4000, 3000);
    assert.ok((await sharp(original).metadata()).exif, 'the test image carries EXIF');
    const photo = await uploaded('alice', original);
    assert.deepEqual([photo.width, photo.height], [2048, 1536]);

    const bob = await t.connect('bob');
    const live = nextEvent(bob, 'message:created', (m) => m.clientId === 'photo-1');
    const message = await sent('alice', { clientId: 'photo-1', body: '', attachments: [photo.id] });
    assert.equal(message.body, '');
    const seen = await live;
    const [attachment] = seen.attachments;
    assert.ok(attachment);
    assert.deepEqual(
      { ...attachment, url: '', thumbUrl: '' },
      { id: photo.id, type: 'image', width: 2048, height: 1536, bytes: photo.bytes, url: '', thumbUrl: '' },
    );
    assert.notEqual(attachment.url, message.attachments[0]!.url, "alice's and bob's URLs differ: each is signed for its viewer");

    const res = await fetchPhoto(attachment.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('cache-control')!, /^private/);
    const stored = Buffer.from(await res.arrayBuffer());
    assert.equal(stored.length, photo.bytes);
    const meta = await sharp(stored).metadata();
    assert.equal(meta.exif, undefined, 'no EXIF (so no GPS position, no serial)');
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.icc, undefined);
    assert.doesNotMatch(stored.toString('latin1'), /PhoneMaker|serial 123456/);
    const thumb = await sharp(Buffer.from(await (await fetchPhoto(attachment.thumbUrl)).arrayBuffer())).metadata();
    assert.deepEqual([thumb.width, thumb.height, thumb.exif], [480, 360, undefined]);

    const page = (await (await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`)).json()) as {
      messages: Message[];
    };
    const inPage = page.messages.find((m) => m.id === message.id)!;
    assert.equal((await fetchPhoto(inPage.attachments[0]!.url)).status, 200, 'REST pages carry URLs signed for their reader');
    const ack = await request<Message>(bob, 'message:send', { conversationId: conv.id, clientId: 'text-1', body: 'nice' });
    assert.ok(ack.ok);
    assert.deepEqual(ack.data.attachments, []);
  });

  it('should refuse HTML, SVG, a polyglot and a truncated file with 415, whatever the header says', async () => {
    const before = await uploadRows();
    for (const [name, bytes] of Object.entries(await notImages())) {
      const res = await upload('alice', bytes, { 'content-type': 'image/png' });
      assert.equal(res.status, 415, name);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported_media_type');
    }
    assert.equal(await uploadRows(), before);
  });

  it('should refuse a decompression bomb before decoding it', async () => {
    const bomb = pngBomb();
    assert.ok(bomb.length < 20_000);
    const res = await upload('alice', bomb);
    assert.equal(res.status, 413);
  });

  it('should answer 413 to 11 MB after reading little more than 10 MB of it', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 11 * 1024 * 1024) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await upload('alice', body);
    assert.equal(res.status, 413);
    assert.ok(pulled <= LIMITS.uploadMaxBytes + 4 * chunk.length, `read ${pulled} bytes`);
    const announced = await fetch(`${t.url}${API_PREFIX}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('alice')}`, 'content-length': String(11 * 1024 * 1024) },
      body: new Uint8Array(11 * 1024 * 1024),
    });
    assert.equal(announced.status, 413, 'an announced length past the limit is refused too (over the network)');
  });

  it('should refuse URLs signed for a non-member, altered, or expired', async () => {
    const photo = await uploaded('alice', await jpegWithGps(300, 200));
    const message = await sent('alice', { clientId: 'photo-2', body: 'the scratch', attachments: [photo.id] });
    const forAlice = message.attachments[0]!.url;
    assert.equal((await fetchPhoto(forAlice)).status, 200);
    // A URL correctly signed for carol, who is not in the conversation.
    const forCarol = t.server.services.uploads.signFor(message, { siteId: t.site.id, userId: 'carol' }).attachments[0]!.url;
    assert.equal((await fetchPhoto(forCarol)).status, 404);
    assert.equal(
      (await fetchPhoto(forAlice.replace('v=alice', 'v=carol'))).status,
      404,
      'another viewer in the URL breaks the signature',
    );
    assert.equal((await fetchPhoto(forAlice.split('?')[0]!)).status, 404, 'unsigned');
    clock += 24 * 60 * 60 * 1000 + 1;
    assert.equal((await fetchPhoto(forAlice)).status, 404, 'expired');
  });

  it('should refuse to send uploads that are not the caller’s own unsent ones, or more than 6', async () => {
    const photo = await uploaded('alice', await jpegWithGps(100, 100));
    const bobs = await send('bob', { clientId: 'steal', body: '', attachments: [photo.id] });
    assert.equal(bobs.status, 400);
    assert.equal(await send('alice', { clientId: 'none', body: '  ' }).then((r) => r.status), 400, 'nothing to send');
    const seven = Array.from({ length: 7 }, (_, i) => `u${i}`);
    assert.equal(await send('alice', { clientId: 'seven', body: 'x', attachments: seven }).then((r) => r.status), 400);
    const first = await sent('alice', { clientId: 'once', body: '', attachments: [photo.id] });
    const again = await send('alice', { clientId: 'once', body: '', attachments: [photo.id] });
    assert.equal(again.status, 200, 'a repeated clientId answers the original');
    assert.equal(((await again.json()) as { message: Message }).message.id, first.id);
    assert.equal(
      await send('alice', { clientId: 'twice', body: '', attachments: [photo.id] }).then((r) => r.status),
      400,
      'already sent',
    );
  });

  it('should delete the photos with their message', async () => {
    const photo = await uploaded('alice', await jpegWithGps(100, 80));
    const message = await sent('alice', { clientId: 'to-delete', body: '', attachments: [photo.id] });
    assert.ok((await readdir(dir)).includes(photo.id));
    assert.equal((await t.api('alice', 'DELETE', `/api/v1/messages/${message.id}`)).status, 204);
    assert.equal((await fetchPhoto(message.attachments[0]!.url)).status, 404);
    assert.ok(!(await readdir(dir)).includes(photo.id), 'the files are gone');
    const page = (await (await t.api('bob', 'GET', `/api/v1/conversations/${conv.id}/messages`)).json()) as {
      messages: Message[];
    };
    assert.deepEqual(page.messages.find((m) => m.id === message.id)!.attachments, [], 'the tombstone carries none');
  });

  it('should sweep uploads left unsent for 24 hours, and only those', async () => {
    const unsent = await uploaded('alice', await jpegWithGps(90, 60));
    const kept = await uploaded('alice', await jpegWithGps(90, 60));
    await sent('alice', { clientId: 'kept', body: '', attachments: [kept.id] });
    clock += LIMITS.uploadUnsentTtlMs - 60_000;
    const fresh = await uploaded('alice', await jpegWithGps(90, 60));
    clock += 120_000;
    assert.equal(await t.server.services.uploads.sweep(), 1);
    const ids = (await t.db.sql<{ id: string }[]>`SELECT id FROM uploads`).map((r) => r.id);
    assert.ok(!ids.includes(unsent.id) && ids.includes(kept.id) && ids.includes(fresh.id));
    const files = await readdir(dir);
    assert.ok(!files.includes(unsent.id) && files.includes(kept.id));
  });

  it('should list and erase one user’s photos', async () => {
    const caller = { siteId: t.site.id, userId: 'alice' };
    const listed = await t.server.services.uploads.exportForUser(caller);
    assert.ok(listed.length >= 3 && listed.some((u) => u.conversationId === conv.id));
    const file = await t.server.services.uploads.exportFile(caller, listed[0]!.id);
    assert.equal(file?.contentType, 'image/jpeg');
    assert.equal(await t.server.services.uploads.eraseForUser(caller), listed.length);
    assert.deepEqual(await t.server.services.uploads.exportForUser(caller), []);
    const [left] = await t.db.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM messages WHERE sender_id = 'alice' AND attachments <> '[]'`;
    assert.equal(left!.n, 0, 'their messages show the photos no more');
  });
});
