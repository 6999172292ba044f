// Chromium from Debian's package, driven by playwright-core (no browser download), and page checks.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Launches headless Chromium (`CHROME_PATH` or /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A browser context signed in to the demo as `user` (the demo's session cookie), in `lang`. */
export async function demoContext(
  browser: Browser,
  base: string,
  user: string | null,
  lang: 'en' | 'fr' = 'en',
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
  if (user) await context.addCookies([{ name: 'demo_user', value: user, url: base }]);
  await context.addInitScript((l) => localStorage.setItem('demo-lang', l), lang);
  return context;
}

/** Collects console errors, page errors and CSP violations; `check()` fails the test if there were any. */
export function watchProblems(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  return { problems };
}
