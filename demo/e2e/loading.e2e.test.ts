// End to end: the loader in each data-load mode, a click before the runtime arrives, the remembered count, both builds, strict CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoContext, launchChromium, watchProblems } from './browser.ts';
import { startDemo, type RunningDemo } from './demo-server.ts';

const RUNTIME = /\/parley-runtime-[\w-]+\.js$/;

/** What {@link withLoadMode} may change besides `data-load`. */
interface PageChanges {
  /** Drops `data-inbox-url`: the chat then opens on the listing page itself. */
  noInbox?: boolean;
  /** Adds the ES loader before the classic one: the script loaded twice. */
  secondLoader?: boolean;
}

/**
 * Puts `data-load="<mode>"` on the page's Parley script tag as the parser adds it, before it runs
 * (the pages keep their own CSP: a page fulfilled by the test would be one Chromium treats as remote).
 */
async function withLoadMode(context: BrowserContext, mode: string, changes: PageChanges = {}): Promise<void> {
  await context.addInitScript(
    ({ mode, noInbox, secondLoader }) => {
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of Array.from(record.addedNodes)) {
            if (!(node instanceof HTMLScriptElement) || !/\/parley(\.iife)?\.js$/.test(node.src) || node.dataset.load) continue;
            node.dataset.load = mode;
            if (noInbox) node.removeAttribute('data-inbox-url');
            if (secondLoader) {
              const second = document.createElement('script');
              second.type = 'module';
              second.src = node.src.replace(/parley\.iife\.js$/, 'parley.js');
              Object.assign(second.dataset, node.dataset); // the same settings: the same tag, twice
              node.before(second);
            }
          }
      }).observe(document, { childList: true, subtree: true });
    },
    { mode, ...changes },
  );
}

/** Holds the runtime chunk's response until `release()`: the time between a click and the runtime's arrival. */
async function holdRuntime(context: BrowserContext): Promise<{ requested: Promise<void>; release(): void }> {
  let release!: () => void;
  let requested!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const seen = new Promise<void>((r) => (requested = r));
  await context.route(RUNTIME, async (route) => {
    requested();
    await gate;
    await route.continue();
  });
  return { requested: seen, release };
}

/** When the runtime chunk started downloading, relative to the page's load event (ms; negative: before). */
const runtimeStartVsLoad = (page: Page) =>
  page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => /parley-runtime-/.test(e.name))!;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return entry.startTime - nav.loadEventStart;
  });

/** Two idle periods of the page's main thread: what `data-load="idle"` would have waited for. */
const idleTwice = (page: Page) =>
  page.evaluate(() => new Promise<void>((r) => requestIdleCallback(() => requestIdleCallback(() => r()))));

/** `user` writes `body` to the seller of `listing` through the server's REST API. */
async function messageSeller(demo: RunningDemo, user: string, sellerId: string, listing: string, body: string): Promise<void> {
  const { token } = (await (await fetch(`${demo.url}/demo/token?user=${user}`)).json()) as { token: string };
  const call = async (path: string, payload: unknown) => {
    const res = await fetch(`${demo.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    assert.ok(res.ok, `${path}: ${res.status}`);
    return res.json() as Promise<{ conversation: { id: string } }>;
  };
  const { conversation } = await call('/conversations', { sellerId, listing: { id: listing, title: 'Camera' } });
  await call(`/conversations/${conversation.id}/messages`, { clientId: crypto.randomUUID(), body });
}

/** Writes to the open conversation and waits for the message in the thread. */
async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('parley-chat textarea');
  await input.fill(text).catch(async (err: Error) => {
    // What the page showed instead, so that a failure says where the click went.
    const shown = await page.evaluate(() => ({
      chats: [...document.querySelectorAll('parley-chat')].map((c) => c.shadowRoot?.textContent?.trim().slice(0, 200) ?? null),
      contact: document.querySelector('parley-contact-seller')?.shadowRoot?.querySelector('button')?.outerHTML.slice(0, 200),
      defined: Boolean(customElements.get('parley-chat')),
    }));
    throw new Error(`${err.message}\nthe page showed: ${JSON.stringify(shown)}`);
  });
  await input.press('Enter');
  await page.locator('parley-chat li.msg', { hasText: text }).waitFor();
}

describe('the loader, end to end', () => {
  let demo: RunningDemo;
  let browser: Browser;
  before(async () => {
    demo = await startDemo();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  for (const mode of ['idle', 'interaction', 'eager'] as const) {
    it(`should paint the contact button at once and act on a click made before the runtime arrived (data-load=${mode})`, async () => {
      const context = await demoContext(browser, demo.url, 'dave');
      // Without the inbox page, the chat opens on the listing page itself.
      await withLoadMode(context, mode, { noInbox: true });
      const runtime = await holdRuntime(context);
      const page = await context.newPage();
      const watch = watchProblems(page);
      await page.goto(`${demo.url}/listing.html?id=ad_guitar`);
      const contact = page.locator('parley-contact-seller button');
      assert.equal((await contact.textContent())?.trim(), 'Contact the seller');
      assert.equal(await page.evaluate(() => customElements.get('parley-contact-seller')), undefined, 'painted by the loader');
      if (mode === 'interaction') {
        await idleTwice(page);
        let early = false;
        void runtime.requested.then(() => (early = true));
        await idleTwice(page);
        assert.equal(early, false, 'nothing downloaded before someone comes near a Parley element');
      } else {
        await runtime.requested; // by itself, no one near a Parley element
      }
      // The pointer over the button starts the download (interaction); the click comes before the runtime.
      await contact.click();
      await runtime.requested;
      assert.equal(await contact.getAttribute('aria-busy'), 'true', 'the click shows as pending');
      runtime.release();
      await page.locator('parley-chat textarea').waitFor();
      await send(page, `Still for sale? (${mode})`);
      const start = await runtimeStartVsLoad(page);
      if (mode === 'idle') assert.ok(start >= 0, `idle waits for the load event (${start} ms)`);
      if (mode === 'eager') assert.ok(start < 0, `eager starts before the load event (${start} ms)`);
      assert.deepEqual(watch.problems, []);
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    });
  }

  it('should show the unread count last known on the device before the runtime arrives', async () => {
    await messageSeller(demo, 'alice', 'carol', 'ad_camera', 'Is the camera still there?');
    const context = await demoContext(browser, demo.url, 'carol');
    await withLoadMode(context, 'eager');
    const page = await context.newPage();
    await page.goto(`${demo.url}/`);
    const bubble = page.locator('parley-unread-bubble button');
    await page.waitForFunction(() => customElements.get('parley-unread-bubble'));
    await page.waitForFunction(() =>
      /unread/.test(document.querySelector('parley-unread-bubble')?.shadowRoot?.querySelector('button')?.ariaLabel ?? ''),
    );
    const live = await bubble.getAttribute('aria-label');
    await page.close();
    // Next page: the runtime never arrives, the bubble still tells.
    const later = await browser.newContext({ storageState: await context.storageState() });
    await withLoadMode(later, 'interaction');
    await later.route(RUNTIME, (route) => route.abort());
    const next = await later.newPage();
    await next.goto(`${demo.url}/`);
    assert.equal(await next.locator('parley-unread-bubble button').getAttribute('aria-label'), live);
    assert.equal(await next.evaluate(() => customElements.get('parley-unread-bubble')), undefined);
    await later.unrouteAll({ behavior: 'ignoreErrors' });
    await later.close();
    await context.close();
  });

  it('should load the runtime from the classic-script loader on another origin, and be harmless loaded twice', async () => {
    const context = await demoContext(browser, demo.partnerUrl, 'dave');
    const runtimes: string[] = [];
    context.on('request', (r) => {
      if (RUNTIME.test(r.url())) runtimes.push(r.url());
    });
    // The ES loader as well as the classic one: the second to run must leave the first in charge.
    await withLoadMode(context, 'interaction', { secondLoader: true });
    const page = await context.newPage();
    const watch = watchProblems(page);
    await page.addInitScript(() => sessionStorage.setItem('globals', JSON.stringify(Object.getOwnPropertyNames(window))));
    await page.goto(`${demo.partnerUrl}/`);
    assert.equal(await page.locator('script[src$="/parley.js"]').count(), 1, 'both loaders are on the page');
    await page.locator('parley-contact-seller button').click();
    await send(page, 'Hello from the lazy partner shop');
    const added = await page.evaluate(() => {
      const before = new Set(JSON.parse(sessionStorage.getItem('globals')!) as string[]);
      return Object.getOwnPropertyNames(window).filter((n) => !before.has(n));
    });
    assert.deepEqual(added, ['Parley']);
    assert.equal(runtimes.length, 1, 'one runtime');
    assert.ok(runtimes[0]!.startsWith(demo.url), 'from the Parley server, next to the loader');
    assert.deepEqual(watch.problems, []);
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });
});
