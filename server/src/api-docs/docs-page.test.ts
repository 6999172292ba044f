// The reference page at /api/docs in Chromium: it draws the routes, under its CSP, loading nothing from outside the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, watchProblems } from '../../../demo/e2e/browser.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { defaultScalarBundle, DOCS_PAGE } from './api-docs.routes.ts';

describe('API reference page', () => {
  let t: TestServer;
  let browser: Browser;
  before(async () => {
    t = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should find Scalar’s standalone bundle installed', () => {
    assert.ok(
      defaultScalarBundle(),
      'the @scalar/api-reference package is not installed: the page at /api/docs needs its standalone bundle (npm install @scalar/api-reference)',
    );
  });

  it('should send a CSP allowing scripts from this server and its own inline script only', async () => {
    const res = await t.server.app.request(DOCS_PAGE);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    assert.match(scriptSrc, /^\s*script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(await res.text(), /https?:\/\//, 'the page names no outside address');
  });

  it('should draw the REST API in Chromium with no CSP violation and no request leaving the server', async () => {
    const page = await browser.newPage();
    const { problems } = watchProblems(page);
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(t.url) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${t.url}${DOCS_PAGE}`);
    await page.getByText('Parley REST API').first().waitFor({ timeout: 20_000 });
    await page.getByText("The caller's unread counts").first().waitFor();
    await page.getByText('Server API: listings').first().waitFor();
    assert.deepEqual(outside, []);
    // The one refusal expected: zod (bundled in Scalar) probes `Function('')` in a try/catch to choose
    // its JIT, and works without it. The CSP keeps refusing eval (checked above).
    assert.deepEqual(
      problems.filter((p) => p !== 'console error: CSP: script-src eval'),
      [],
    );
    await page.close();
  });
});
