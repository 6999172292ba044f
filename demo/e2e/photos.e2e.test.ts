// End to end: on the demo marketplace (as `npm start` serves it), alice sends a photo and bob's window shows it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { jpegWithGps } from '../../server/src/uploads/test-images.ts';
import { demoContext, launchChromium, watchProblems } from './browser.ts';
import { startDemo, type RunningDemo } from './demo-server.ts';

describe('photos on the demo marketplace', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-e2e-photo-'));
    demo = await startDemo();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should carry a photo from alice’s window to bob’s, live', async () => {
    const file = join(dir, 'scratch.jpg');
    await writeFile(file, await jpegWithGps(1600, 1200));
    const alice = await (await demoContext(browser, demo.url, 'alice')).newPage();
    const bob = await (await demoContext(browser, demo.url, 'bob')).newPage();
    const watches = [watchProblems(alice), watchProblems(bob)];

    await alice.goto(`${demo.url}/listing.html?id=ad_bike`);
    await alice.locator('parley-contact-seller button').click();
    const input = alice.locator('parley-chat textarea');
    await input.waitFor();
    await input.fill('Here is the scratch');
    await input.press('Enter');

    await bob.goto(`${demo.url}/messages.html`);
    await bob.locator('parley-chat li.item button.open').first().click();
    await bob.locator('parley-chat li.msg', { hasText: 'Here is the scratch' }).waitFor();

    await alice.locator('parley-chat parley-composer input[type=file]').setInputFiles(file);
    await alice.locator('parley-chat li.chip.ready').waitFor();
    await alice.locator('parley-chat button.send').click();

    const photo = bob.locator('parley-chat .photo img');
    await photo.waitFor();
    await bob.waitForFunction(() => {
      const img = document
        .querySelector('parley-chat')
        ?.shadowRoot?.querySelector('parley-thread')
        ?.shadowRoot?.querySelector<HTMLImageElement>('.photo img');
      return img?.complete && img.naturalWidth > 0;
    });
    assert.deepEqual([await photo.getAttribute('width'), await photo.getAttribute('height')], ['1600', '1200']);
    assert.deepEqual(
      watches.flatMap((w) => w.problems),
      [],
    );
  });
});
