// `npm run bench:uploads`: upload-to-recipient time for a 4000×3000 phone JPEG, and server RSS during 10 concurrent uploads.
// The server runs as its own process (the real entry point) on a fresh PostgreSQL database; a
// text-only send measured in the same run is the baseline the photo's extra time is read against.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX, type Conversation, type Message, type Upload } from '../protocol/index.ts';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createTestDatabase } from '../server/src/testing/test-database.ts';
import { startServerProcess } from '../server/src/testing/server-process.ts';
import { connectSocket, nextEvent } from '../server/src/testing/test-server.ts';
import { signTestToken } from '../server/src/testing/tokens.ts';
import { jpegWithGps } from '../server/src/uploads/test-images.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENT = 10;

const db = await createTestDatabase();
await migrate(db.sql);
const site = await new SitesRepository(db.sql).upsert({ id: 'bench', name: 'Bench', allowedOrigins: [] });
const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-uploads-'));
const proc = await startServerProcess({ DATABASE_URL: db.url, PARLEY_DATA_DIR: dataDir });
const token = (sub: string) => signTestToken({ siteId: site.id, secret: site.secret, sub, name: sub });
const api = async (sub: string, method: string, path: string, body?: BodyInit, type = 'application/json') =>
  fetch(proc.url + API_PREFIX + path, {
    method,
    headers: { authorization: `Bearer ${await token(sub)}`, 'content-type': type },
    body,
  });

/** The server's resident set, read from /proc (Linux). */
async function rssMiB(): Promise<number> {
  const status = await readFile(`/proc/${proc.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

try {
  const photo = new Uint8Array(await jpegWithGps(4000, 3000, { texture: true }));
  const conversation = (
    (await (
      await api('alice', 'POST', '/conversations', JSON.stringify({ sellerId: 'bob', listing: { id: 'bench-1' } }))
    ).json()) as { conversation: Conversation }
  ).conversation;
  const bob = await connectSocket(proc.url, await token('bob'));

  const send = (clientId: string, body: string, attachments: string[] = []) =>
    api('alice', 'POST', `/conversations/${conversation.id}/messages`, JSON.stringify({ clientId, body, attachments }));

  /** From the sender's first byte to the recipient holding what it shows (text, or the loaded full image). */
  async function round(i: number, withPhoto: boolean): Promise<number> {
    const clientId = `${withPhoto ? 'photo' : 'text'}-${i}`;
    const received = nextEvent(bob, 'message:created', (m) => m.clientId === clientId);
    const started = performance.now();
    let attachments: string[] = [];
    if (withPhoto) {
      const res = await api('alice', 'POST', '/uploads', photo, 'image/jpeg');
      attachments = [((await res.json()) as { upload: Upload }).upload.id];
    }
    const sent = await send(clientId, withPhoto ? '' : 'Is it still available?', attachments);
    if (!sent.ok) throw new Error(`send answered ${sent.status}`);
    const message = (await received) as Message;
    if (withPhoto) {
      const image = await fetch(proc.url + message.attachments[0]!.url);
      if (!image.ok) throw new Error(`image answered ${image.status}`);
      await image.arrayBuffer();
    }
    return performance.now() - started;
  }

  await round(-1, false); // warm-up: connections, JIT, sharp's first load
  await round(-1, true);
  const text: number[] = [];
  const photos: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    text.push(await round(i, false));
    photos.push(await round(i, true));
  }

  const idle = await rssMiB();
  let peak = idle;
  const sampler = setInterval(() => {
    rssMiB().then(
      (v) => (peak = Math.max(peak, v)),
      () => undefined,
    );
  }, 10);
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      api(`uploader-${i}`, 'POST', '/uploads', photo, 'image/jpeg').then((r) => r.status),
    ),
  );
  const concurrentMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, await rssMiB());

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    `Photo benchmark (${new Date().toISOString()}), ${ROUNDS} rounds, input ${(photo.length / 1024).toFixed(0)} KiB 4000×3000 JPEG`,
  );
  console.log(`  text send → recipient's socket (baseline): median ${fmt(median(text))}, max ${fmt(Math.max(...text))}`);
  console.log(
    `  upload + send → recipient's socket → image fetched: median ${fmt(median(photos))}, max ${fmt(Math.max(...photos))}`,
  );
  console.log(`  ${CONCURRENT} concurrent uploads: ${statuses.join(' ')} in ${fmt(concurrentMs)}`);
  console.log(
    `  server RSS: ${idle.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB during (+${(peak - idle).toFixed(0)} MiB)`,
  );
  bob.disconnect();
} finally {
  proc.child.kill('SIGTERM');
  await proc.exited;
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
}
