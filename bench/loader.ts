// `npm run bench:loader`: what Parley costs a listing page (Chromium, the demo, same run): blocking time and
// bytes before the load event with and without Parley, click-to-composer on fast 4G before the runtime is there, sizes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoContext, launchChromium } from '../demo/e2e/browser.ts';
import { startDemo, type RunningDemo } from '../demo/e2e/demo-server.ts';
import { measureSizes } from '../scripts/size-report.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const LISTING = '/listing.html?id=ad_bike';
/** How long after the load event long tasks are still counted: the idle runtime has arrived well before. */
const AFTER_LOAD_MS = 4_000;
/** Chrome DevTools' "Fast 4G" profile. */
const FAST_4G = {
  offline: false,
  latency: 60,
  downloadThroughput: (9_000_000 / 8) * 0.9,
  uploadThroughput: (1_500_000 / 8) * 0.9,
};

/** How the page gets Parley in each variant. */
type Variant = { name: string; prepare(context: BrowserContext): Promise<unknown> };

/**
 * tsx compiles this file keeping function names, which wraps named functions in a `__name()` helper
 * that the functions sent to the page (page.evaluate) then call: the page gets a do-nothing one.
 */
const KEEP_NAMES_HELPER = { content: 'globalThis.__name = (f) => f;' };

/** Long tasks and the bytes that arrived before the load event, recorded in the page from its start. */
function recordInPage(): void {
  const tasks: { start: number; duration: number }[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  Object.defineProperty(navigator, '__benchTasks', { value: tasks });
}

/** Blocking time (the parts of long tasks over 50 ms) and bytes before the load event, of one page view. */
async function viewOnce(browser: Browser, demo: RunningDemo, variant: Variant) {
  const context = await demoContext(browser, demo.url, 'dave');
  await context.addInitScript(KEEP_NAMES_HELPER);
  await context.addInitScript(recordInPage);
  await variant.prepare(context);
  const page = await context.newPage();
  await page.goto(demo.url + LISTING);
  await page.waitForTimeout(AFTER_LOAD_MS);
  const result = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const before = performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).responseEnd <= nav.loadEventStart) as PerformanceResourceTiming[];
    const tasks = (navigator as unknown as { __benchTasks: { start: number; duration: number }[] }).__benchTasks;
    // No named helper here: the bundler would wrap it in a helper the page does not have.
    return {
      blocking: tasks.reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
      blockingBeforeLoad: tasks.filter((t) => t.start < nav.loadEventStart).reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
      bytes: nav.encodedBodySize + before.reduce((n, e) => n + e.encodedBodySize, 0),
      runtimeArrived: !!customElements.get('parley-contact-seller'),
    };
  });
  await context.close();
  return result;
}

/** Click on the painted contact button to a composer one can type in, on fast 4G, the runtime not yet loaded. */
async function clickToComposer(browser: Browser, demo: RunningDemo) {
  const context = await demoContext(browser, demo.url, 'dave');
  await context.addInitScript(KEEP_NAMES_HELPER);
  // interaction: nothing is downloaded before the pointer comes; no inbox page: the chat opens on the listing.
  await context.addInitScript(() => {
    new MutationObserver(() => {
      const tag = document.querySelector<HTMLScriptElement>('script[src$="/parley.js"]');
      if (tag && !tag.dataset.load) {
        tag.dataset.load = 'interaction';
        tag.removeAttribute('data-inbox-url');
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_4G);
  await page.goto(demo.url + LISTING);
  const contact = page.locator('parley-contact-seller button');
  await contact.waitFor();
  if (await page.evaluate(() => !!customElements.get('parley-contact-seller'))) throw new Error('the runtime came early');
  // In the page: when the pointer came, when the panel opened, when the composer took input, when the
  // conversation itself was shown (the server answered; until then the chat shows it pending), each frame.
  await page.evaluate(() => {
    document.addEventListener('pointerover', () => performance.mark('pointer'), { capture: true, once: true });
    const watch = () => {
      const chat = document.querySelector('parley-chat');
      const once = (name: string) => !performance.getEntriesByName(name).length && performance.mark(name);
      if (chat?.hasAttribute('open')) once('open');
      if (chat?.getAttribute('conversation')) once('shown');
      let el: Element | null | undefined = chat;
      for (const s of ['parley-thread', 'parley-composer', 'textarea']) el = el?.shadowRoot?.querySelector(s);
      if (el instanceof HTMLTextAreaElement && !el.disabled) once('composer');
      if (!performance.getEntriesByName('composer').length || !performance.getEntriesByName('shown').length)
        requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  await contact.click();
  await page.waitForFunction(() => performance.getEntriesByName('shown').length > 0, undefined, { timeout: 30_000 });
  const times = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]!.startTime;
    const runtime = performance
      .getEntriesByType('resource')
      .find((e) => /parley-runtime-/.test(e.name)) as PerformanceResourceTiming;
    return {
      clickToComposer: at('composer') - at('pointer'),
      runtimeToOpen: at('open') - runtime.responseEnd,
      runtimeToComposer: at('composer') - runtime.responseEnd,
      runtimeToShown: at('shown') - runtime.responseEnd,
    };
  });
  await context.close();
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

/** The whole widget as one file, as /parley.js was before issue 16 (built from widget/src/parley.ts). */
async function buildSingleBundle(): Promise<Buffer> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'parley-single-'));
  try {
    process.env.PARLEY_ENTRY = 'widget/src/parley.ts';
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, sourcemap: false } });
    return readFileSync(join(outDir, 'parley.js'));
  } finally {
    delete process.env.PARLEY_ENTRY;
    rmSync(outDir, { recursive: true, force: true });
  }
}

const single = await buildSingleBundle();
const demo = await startDemo();
const browser = await launchChromium();
try {
  const variants: Variant[] = [
    {
      name: 'without Parley',
      prepare: (c) => c.route('**/parley.js', (r) => r.fulfill({ contentType: 'text/javascript', body: '' })),
    },
    { name: 'Parley, data-load=idle (default)', prepare: async () => {} },
    {
      name: 'Parley, data-load=eager',
      prepare: (c) =>
        c.addInitScript(() =>
          new MutationObserver(() => {
            const tag = document.querySelector<HTMLScriptElement>('script[src$="/parley.js"]');
            if (tag && !tag.dataset.load) tag.dataset.load = 'eager';
          }).observe(document, { childList: true, subtree: true }),
        ),
    },
    {
      // Served by the test, uncompressed: its bytes are the file's, its gzip size is in the sizes below.
      name: 'before issue 16: one bundle',
      prepare: (c) => c.route('**/parley.js', (r) => r.fulfill({ contentType: 'text/javascript', body: single })),
    },
  ];
  // Round robin, after a warm-up view of each: a busy machine slows every variant alike.
  const views = variants.map(() => [] as Awaited<ReturnType<typeof viewOnce>>[]);
  for (const variant of variants) await viewOnce(browser, demo, variant);
  for (let i = 0; i < RUNS; i++)
    for (const [v, variant] of variants.entries()) views[v]!.push(await viewOnce(browser, demo, variant));
  const rows = variants.map((variant, v) => ({
    name: variant.name,
    blocking: median(views[v]!.map((r) => r.blocking)),
    beforeLoad: median(views[v]!.map((r) => r.blockingBeforeLoad)),
    bytes: median(views[v]!.map((r) => r.bytes)),
    arrived: views[v]!.every((r) => r.runtimeArrived),
  }));
  const base = rows[0]!;
  console.log(`\nA listing page of the demo (${LISTING}, signed in), Chromium headless, no throttling, median of ${RUNS}:`);
  console.log('variant                            blocking added  (before load)  bytes before load (added)');
  for (const r of rows)
    console.log(
      `${r.name.padEnd(34)} ${ms(r.blocking - base.blocking).padStart(14)} ${ms(r.beforeLoad - base.beforeLoad).padStart(14)}  ` +
        `${(r.bytes / 1000).toFixed(1).padStart(7)} kB (${((r.bytes - base.bytes) / 1000).toFixed(1)} kB)${r === base || r.arrived ? '' : '  [runtime not arrived]'}`,
    );
  console.log(
    `  blocking: long tasks' time over 50 ms, from navigation to ${AFTER_LOAD_MS / 1000} s after the load event; ` +
      `bytes: encoded bodies of the page and of the resources finished before the load event`,
  );

  const clicks = [];
  for (let i = 0; i < RUNS; i++) clicks.push(await clickToComposer(browser, demo));
  console.log(`\nFast 4G (60 ms, 9 Mbps down, 1.5 Mbps up, CDP), data-load=interaction, runtime not loaded, median of ${RUNS}:`);
  console.log(
    `  pointer on the contact button to a usable composer: ${ms(median(clicks.map((c) => c.clickToComposer)))} (goal 1 s)`,
  );
  console.log(
    `  runtime arrived to the chat open:                  ${ms(median(clicks.map((c) => c.runtimeToOpen)))} (goal 300 ms)`,
  );
  console.log(`  runtime arrived to a usable composer:             ${ms(median(clicks.map((c) => c.runtimeToComposer)))}`);
  console.log(`  runtime arrived to the conversation shown:        ${ms(median(clicks.map((c) => c.runtimeToShown)))}`);
  console.log(
    '  (the chat opens on the pending conversation; the token from the host, then POST /conversations, before it is shown)',
  );

  console.log('\nSizes (gzip, level 9):');
  for (const r of measureSizes()) console.log(`  ${r.file.padEnd(32)} ${(r.gzip / 1000).toFixed(1)} kB`);
  console.log(`  ${'one bundle (before issue 16)'.padEnd(32)} ${(gzipSync(single, { level: 9 }).length / 1000).toFixed(1)} kB`);
} finally {
  await browser.close();
  await demo.stop();
}
