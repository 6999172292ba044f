// Opening <parley-chat> on its list with 5,000 conversations cached against 50 (Chromium, offline): `npm run bench:widget-list [-- <many> <few>]`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MANY = Number(process.argv[2] ?? 5000);
const FEW = Number(process.argv[3] ?? 50);
/** Messages cached per conversation (a thread opened once holds up to 200; most hold a few). */
const PER_THREAD = Number(process.argv[4] ?? 10);
const RUNS = 7;
/** Nothing listens there: the widget works from its cache, as offline. */
const SERVER = 'http://127.0.0.1:9';

/** The host page: fills the cache when asked (`fill`), else opens <parley-chat> and times its first rows. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title></head>
<body>
<script type="module">
  const { server, token, fill, perThread } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  let done;
  window.__opened = new Promise((resolve) => (done = resolve));
  if (fill) {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('parley:' + new URL(server).origin + ':m:seller');
      r.onupgradeneeded = () => r.result.createObjectStore('kv');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const person = (id) => ({ id, name: 'User ' + id, picture: null, suspended: false });
    const at = (i) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const message = (c, seq, i) => ({
      id: c + '-' + seq, conversationId: c, seq, kind: 'user', senderId: seq % 2 ? 'b' + i : 'seller', system: null,
      clientId: c + '-' + seq, body: 'Message ' + seq + ': is the bike still available? I could come on Saturday.',
      replyTo: null, createdAt: at(i), deletedAt: null, masked: false, warnings: [], attachments: [],
    });
    const conversations = [];
    const tx = db.transaction('kv', 'readwrite');
    const kv = tx.objectStore('kv');
    for (let i = 0; i < fill; i++) {
      const id = 'c' + i;
      const thread = Array.from({ length: perThread }, (_, k) => message(id, k + 1, i));
      conversations.push({
        id, listing: { id: 'ad' + (i % 40), title: 'City bike ' + (i % 40), url: null, imageUrl: null, price: '120 €', status: null },
        buyer: person('b' + i), seller: person('seller'), lastSeq: perThread, lastMessage: thread[thread.length - 1] ?? message(id, 1, i),
        unread: i % 3 === 0 ? 1 : 0, readSeq: { ['b' + i]: perThread, seller: perThread - (i % 3 === 0 ? 1 : 0) },
        archived: false, muted: false, createdAt: at(i), updatedAt: at(i),
      });
      if (perThread) kv.put(thread, 'thread:' + id);
    }
    kv.put(conversations, 'conversations');
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
    db.close();
    done(null);
  } else {
    await import('/parley.js');
    window.Parley.configure({ server, token });
    const t0 = performance.now();
    const chat = document.createElement('parley-chat');
    chat.setAttribute('inline', '');
    document.body.append(chat);
    const rows = () => {
      const stack = [chat];
      while (stack.length) {
        const el = stack.pop();
        if (el.shadowRoot) {
          const n = el.shadowRoot.querySelectorAll('li.item').length;
          if (n) return n;
          stack.push(...el.shadowRoot.querySelectorAll('*'));
        }
      }
      return 0;
    };
    const poll = () => {
      if (rows() === 0) return setTimeout(poll, 0);
      requestAnimationFrame(() => setTimeout(() => done({ painted: performance.now() - t0, rows: rows() })));
    };
    poll();
  }
</script>
</body></html>`;

const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-if-stale.ts'], {
  cwd: ROOT,
  stdio: ['ignore', 2, 2],
});
if (build.status !== 0 || !existsSync(`${ROOT}dist/parley.js`)) throw new Error('the widget did not build');
const host = await serve();
const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
// The widget reads the site and user from the token's claims; nothing checks its signature offline.
const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'm', sub: 'seller', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
try {
  const results: Array<{ cached: number; median: number; max: number; rows: number }> = [];
  for (const cached of [FEW, MANY]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const go = async (fill: number) => {
      const hash = encodeURIComponent(JSON.stringify({ server: SERVER, token, fill, perThread: PER_THREAD }));
      await page.goto(`${origin}/?${Date.now()}#${hash}`);
      return page.evaluate(() => (window as unknown as { __opened: Promise<{ painted: number; rows: number } | null> }).__opened);
    };
    await go(cached);
    await go(0); // a first opening warms the browser's caches for this origin
    if (process.env.BENCH_PROFILE && cached === MANY) await profile(page, () => go(0));
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = (await go(0))!;
      times.push(r.painted);
      rows = r.rows;
    }
    times.sort((a, b) => a - b);
    results.push({ cached, median: times[Math.floor(RUNS / 2)]!, max: times[RUNS - 1]!, rows });
    await context.close();
  }
  const base = results[0]!;
  console.log(
    `opening <parley-chat> on its list, ${PER_THREAD} messages cached per conversation, server unreachable (median of ${RUNS})`,
  );
  console.log('| conversations cached | rows rendered | median ms | max ms | ratio to ' + FEW + ' |');
  console.log('|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.cached} | ${r.rows} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${(r.median / base.median).toFixed(2)} |`,
    );
} finally {
  await browser.close();
  await new Promise((r) => host.close(r));
}

/** Prints where one opening spends its time (self time per function), for BENCH_PROFILE=1. */
async function profile(page: import('playwright-core').Page, run: () => Promise<unknown>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await run();
  const { profile: p } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
      samples: number[];
      timeDeltas: number[];
    };
  };
  const self = new Map<string, number>();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Serves the host page, and the loader and the chunks it imports from dist/ by name. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const name = /^\/(parley[\w.-]*\.js)(\?|$)/.exec(req.url ?? '')?.[1];
    const js = name && existsSync(`${ROOT}dist/${name}`) ? readFileSync(`${ROOT}dist/${name}`) : null;
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html', 'cache-control': 'no-store' });
    res.end(js ?? PAGE);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
