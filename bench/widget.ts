// Widget figures: time from opening <parley-chat> offline to 200 cached messages on screen (Chromium),
// and the sizes of the built bundles.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { SitesRepository } from '../server/src/identity/sites.repository.ts';
import { signTestToken } from '../server/src/testing/tokens.ts';
import { startParley } from './scenario.ts';
import { createBenchDatabase, makePairs } from './seed.ts';

export interface WidgetResult {
  cachedRender: {
    medianMs: number;
    maxMs: number;
    domMedianMs: number;
    firstRowMedianMs: number;
    /** The same 200 records read from IndexedDB by a bare page and inserted as 200 plain rows, painted. */
    baselineMedianMs: number;
    runs: number;
    how: string;
  } | null;
  note: string;
  bundles: Array<{ file: string; bytes: number; gzip: number; brotli: number }>;
  bundleNote: string;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = `${ROOT}dist/`;
const CACHED = 200;

/** The built scripts a page may fetch: the two loaders and the content-hashed chunks they import. */
export function distScripts(): string[] {
  if (!existsSync(DIST)) return [];
  return readdirSync(DIST)
    .filter((f) => /^parley[\w.-]*\.js$/.test(f))
    .sort();
}

/** Sizes of the built bundles, when `npm run build` has produced them. */
export function bundleSizes(): Pick<WidgetResult, 'bundles' | 'bundleNote'> {
  const files = distScripts();
  if (files.length === 0) return { bundles: [], bundleNote: 'not built (no dist/parley.js after `npm run build`)' };
  return {
    bundles: files.map((file) => {
      const data = readFileSync(DIST + file);
      return {
        file: `dist/${file}`,
        bytes: data.length,
        gzip: gzipSync(data, { level: 9 }).length,
        brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    }),
    bundleNote: '',
  };
}

/** The host page: loads the bundle, configures Parley, then opens <parley-chat> and times it. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title></head>
<body>
<script type="module">
  import '/parley.js';
  const { server, token, conversation, want } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  window.Parley.configure({ server, token });
  const t0 = performance.now();
  const chat = document.createElement('parley-chat');
  chat.setAttribute('inline', '');
  chat.setAttribute('conversation', conversation);
  document.body.append(chat);
  // The message rows live in the thread's shadow root, inside the chat's.
  const rows = () => {
    const stack = [chat];
    while (stack.length) {
      const el = stack.pop();
      if (el.shadowRoot) {
        const n = el.shadowRoot.querySelectorAll('li.msg').length;
        if (n) return n;
        stack.push(...el.shadowRoot.querySelectorAll('*'));
      }
    }
    return 0;
  };
  window.__opened = new Promise((resolve) => {
    let first = null;
    const poll = () => {
      const n = rows();
      if (n > 0 && first === null) first = performance.now() - t0;
      // Never more than 15 s: the caller then reads how many rows there were instead of waiting forever.
      if (n < want && performance.now() - t0 < 15000) return setTimeout(poll, 0);
      const dom = performance.now() - t0;
      // On screen: the frame that paints them.
      requestAnimationFrame(() => setTimeout(() => resolve({ first, dom, painted: performance.now() - t0, rows: rows() })));
    };
    poll();
  });
</script>
</body></html>`;

/**
 * The baseline, in the same browser and run: a bare page that reads the same cached thread from the
 * widget's IndexedDB (its database found before timing starts) and inserts its 200 messages as plain
 * rows, timed to the frame that paints them.
 */
const BASELINE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>baseline</title></head>
<body>
<script type="module">
  const { conversation, want } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const open = (name) => new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  window.__opened = (async () => {
    const names = (await indexedDB.databases()).map((d) => d.name).filter(Boolean);
    const t0 = performance.now();
    let messages = [];
    for (const name of names) {
      const db = await open(name);
      if (db.objectStoreNames.contains('kv')) {
        const value = await new Promise((resolve) => {
          const r = db.transaction('kv').objectStore('kv').get('thread:' + conversation);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => resolve(undefined);
        });
        if (Array.isArray(value) && value.length > messages.length) messages = value;
      }
      db.close();
    }
    const list = document.createElement('ul');
    for (const m of messages.slice(-want)) {
      const row = document.createElement('li');
      row.textContent = m.body;
      list.append(row);
    }
    document.body.append(list);
    const dom = performance.now() - t0;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    return { first: dom, dom, painted: performance.now() - t0, rows: list.children.length };
  })();
</script>
</body></html>`;

/** The host page for a path: the baseline at /baseline, else the page that opens <parley-chat>. */
const pageFor = (pathname: string) => (pathname === '/baseline' ? BASELINE_PAGE : PAGE);

/** Length of the cached thread in this page's IndexedDB (the widget's own store), or 0. */
function cachedLength(conversation: string): Promise<number> {
  return (async () => {
    let best = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      if (db.objectStoreNames.contains('kv')) {
        const value = await new Promise<unknown>((resolve) => {
          const r = db.transaction('kv').objectStore('kv').get(`thread:${conversation}`);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => resolve(undefined);
        });
        if (Array.isArray(value)) best = Math.max(best, value.length);
      }
      db.close();
    }
    return best;
  })();
}

/**
 * Fills the widget's cache the way a user would (online: open the conversation, then reconnect after
 * 200 more messages arrived, which `sync` brings), then opens the page with the network off `runs`
 * times and times <parley-chat> from its insertion to 200 message rows painted.
 */
export async function measureWidget({ runs = 7, log = (_: string) => {} } = {}): Promise<WidgetResult> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-if-stale.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  const sizes = bundleSizes();
  if (build.status !== 0 || !existsSync(`${DIST}parley.js`))
    return { cachedRender: null, note: 'the widget did not build', ...sizes };
  const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return { cachedRender: null, note: `no Chromium at ${chromiumPath}`, ...sizes };
  const { chromium } = await import('playwright-core');

  // The loader and the chunks it imports, by path.
  const scripts = new Map(distScripts().map((f) => [`/${f}`, readFileSync(DIST + f)]));
  // The host page on loopback, like the server (Chromium blocks a public page from reaching loopback).
  const host = await serveHostPage(scripts);
  const PAGE_ORIGIN = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  const pairs = makePairs(2);
  const db = await createBenchDatabase(pairs);
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  await new SitesRepository(sql as never).upsert({ id: db.site.id, name: 'Bench market', allowedOrigins: [PAGE_ORIGIN] });
  const target = await startParley(db, 1, '');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const { conversationId, buyerId } = pairs[0]!;
    const token = await signTestToken({
      siteId: db.site.id,
      secret: db.site.secret,
      sub: buyerId,
      name: `User ${buyerId}`,
      expiresIn: 3600,
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on('console', (m) => log(`  [page] ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log(`  [page] error: ${e.message}`));
      page.on('crash', () => log('  [page] crashed'));
      page.on('close', () => log('  [page] closed'));
    }
    const open = async (want: number, path = '/') => {
      const hash = encodeURIComponent(JSON.stringify({ server: target.urls[0], token, conversation: conversationId, want }));
      await page.goto(`${PAGE_ORIGIN}${path}?${Date.now()}#${hash}`);
      return page.evaluate(
        () =>
          (window as unknown as { __opened: Promise<{ first: number; dom: number; painted: number; rows: number }> }).__opened,
      );
    };
    const cacheHolds = async (n: number) => {
      const deadline = Date.now() + 15_000;
      while ((await page.evaluate(cachedLength, conversationId)) < n) {
        if (Date.now() > deadline) throw new Error(`the widget's cache never held ${n} messages`);
        await page.waitForTimeout(50);
      }
    };

    log('  online: opening the conversation (20 messages of history)…');
    await open(20);
    await cacheHolds(20);
    // 200 more messages arrive while this user is away; the next visit's `sync` brings them.
    await sql`
      INSERT INTO messages (id, site_id, conversation_id, seq, sender_id, client_id, body)
      SELECT ${conversationId} || '-w' || n, ${db.site.id}, ${conversationId}, 20 + n,
             CASE WHEN n % 2 = 0 THEN ${buyerId} ELSE ${pairs[0]!.sellerId} END, 'widget-bench-' || n,
             'Message ' || n || ': is it still available? I could come by on Saturday morning, if that suits you.'
      FROM generate_series(1, ${CACHED}) AS n`;
    await sql`UPDATE conversations SET last_seq = 20 + ${CACHED} WHERE id = ${conversationId}`;
    // What a send does besides: the members' change stamps, which the next `sync` reads from.
    await sql`SELECT parley_touch_conversations(${[conversationId]}::text[])`;
    log('  online again: catching up 200 messages…');
    const caughtUp = await open(CACHED);
    log(`  ${caughtUp.rows} rows shown after catching up`);
    await cacheHolds(CACHED);

    await context.setOffline(true);
    // Offline, the host page and the bundle come from the browser's side (as from a cache or a service
    // worker); the Parley server is unreachable.
    await context.route(`${PAGE_ORIGIN}/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      const script = scripts.get(pathname);
      return script
        ? route.fulfill({ status: 200, contentType: 'text/javascript', body: script })
        : route.fulfill({ status: 200, contentType: 'text/html', body: pageFor(pathname) });
    });
    log(`  offline: opening <parley-chat> ${runs} times, each followed by the bare baseline page…`);
    const painted: number[] = [];
    const dom: number[] = [];
    const first: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await open(CACHED);
      if (r.rows !== CACHED) throw new Error(`<parley-chat> showed ${r.rows} of the ${CACHED} cached messages`);
      painted.push(r.painted);
      dom.push(r.dom);
      first.push(r.first);
      const b = await open(CACHED, '/baseline');
      if (b.rows !== CACHED) throw new Error(`the baseline page found ${b.rows} cached messages, not ${CACHED}`);
      baseline.push(b.painted);
    }
    const online = await page.evaluate(() => navigator.onLine);
    if (online) throw new Error('the page was not offline');
    return {
      cachedRender: {
        medianMs: median(painted),
        maxMs: Math.max(...painted),
        domMedianMs: median(dom),
        firstRowMedianMs: median(first),
        baselineMedianMs: median(baseline),
        runs,
        how: 'Chromium headless, network off; from inserting <parley-chat conversation> (bundle loaded, Parley configured) to the frame painting 200 rows read from IndexedDB',
      },
      note: '',
      ...sizes,
    };
  } catch (err) {
    return { cachedRender: null, note: `failed: ${String((err as Error).message ?? err).split('\n')[0]}`, ...sizes };
  } finally {
    await browser.close();
    await new Promise((r) => host.close(r));
    await target.stop();
    await sql.end();
    await db.drop();
  }
}

function serveHostPage(scripts: Map<string, Buffer>): Promise<Server> {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://host');
    const script = scripts.get(pathname);
    res.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html', 'cache-control': 'no-store' });
    res.end(script ?? pageFor(pathname));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
}
