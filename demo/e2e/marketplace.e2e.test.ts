// End to end: two people on the demo marketplace in Chromium, live and offline, in English and French.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Message } from '../../protocol/index.ts';
import { demoContext, launchChromium, watchProblems } from './browser.ts';
import { startDemo, type RunningDemo } from './demo-server.ts';

/** Messages of a conversation as the server stores them, read with a demo user's token. */
async function storedMessages(demo: RunningDemo, user: string, conversationId: string): Promise<Message[]> {
  const { token } = (await (await fetch(`${demo.url}/demo/token?user=${user}`)).json()) as { token: string };
  const res = await fetch(`${demo.url}/api/v1/conversations/${conversationId}/messages?limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { messages: Message[] }).messages;
}

/** The id of the conversation open in the page's chat. */
const openConversation = (page: Page) => page.locator('parley-chat').getAttribute('conversation');

describe('the demo marketplace, end to end', () => {
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

  it('should carry a conversation live between a buyer and a seller, then deliver offline messages once and in order', async () => {
    const buyerContext = await demoContext(browser, demo.url, 'alice');
    const sellerContext = await demoContext(browser, demo.url, 'bob');
    const buyer = await buyerContext.newPage();
    const seller = await sellerContext.newPage();
    const buyerWatch = watchProblems(buyer);
    const sellerWatch = watchProblems(seller);

    await seller.goto(`${demo.url}/`);
    const bubble = seller.locator('parley-unread-bubble button');
    await bubble.waitFor();
    assert.equal(await bubble.getAttribute('aria-label'), 'Messages');

    // The buyer contacts the seller from the listing page and writes.
    await buyer.goto(`${demo.url}/listing.html?id=ad_bike`);
    await buyer.locator('parley-contact-seller button').click();
    const buyerInput = buyer.locator('parley-chat textarea');
    await buyerInput.waitFor();
    await buyerInput.fill('Bonjour Bob, is the bike still available?');
    await buyerInput.press('Enter');

    // The seller's bubble counts it and the message arrives without a reload.
    await seller.waitForFunction(
      () =>
        document.querySelector('parley-unread-bubble')?.shadowRoot?.querySelector('button')?.getAttribute('aria-label') ===
        'Messages, 1 unread message',
    );
    await bubble.click();
    await seller.locator('parley-chat li.item button.open').first().click();
    await seller.locator('parley-chat li.msg', { hasText: 'is the bike still available?' }).waitFor();
    const sellerInput = seller.locator('parley-chat textarea');
    await sellerInput.fill('Yes, come and try it on Saturday.');
    await sellerInput.press('Enter');
    await buyer.locator('parley-chat li.msg', { hasText: 'come and try it on Saturday' }).waitFor();
    const conversationId = (await openConversation(buyer))!;
    assert.ok(conversationId);

    // Offline: two messages queued, the page closed before they could be sent.
    await buyerContext.setOffline(true);
    await buyer.locator('parley-chat', { hasText: 'Offline' }).waitFor();
    for (const text of ['Offline one: I will bring cash', 'Offline two: see you Saturday']) {
      await buyerInput.fill(text);
      await buyerInput.press('Enter');
    }
    await buyer.waitForFunction(() => {
      const thread = document.querySelector('parley-chat')?.shadowRoot?.querySelector('parley-thread');
      return (
        (thread?.shadowRoot?.querySelectorAll('li.msg.own').length ?? 0) >= 3 &&
        thread?.shadowRoot?.textContent?.includes('Offline two')
      );
    });
    const before = await storedMessages(demo, 'bob', conversationId);
    assert.equal(before.length, 2, 'nothing left the browser while offline');
    await buyer.close();

    // Back online in a new page: the outbox drains by itself.
    await buyerContext.setOffline(false);
    const again = await buyerContext.newPage();
    const againWatch = watchProblems(again);
    await again.goto(`${demo.url}/messages.html`);
    await seller.locator('parley-chat li.msg', { hasText: 'Offline two: see you Saturday' }).waitFor();
    const stored = await storedMessages(demo, 'bob', conversationId);
    assert.deepEqual(
      stored.map((m) => [m.seq, m.senderId, m.body]),
      [
        [1, 'alice', 'Bonjour Bob, is the bike still available?'],
        [2, 'bob', 'Yes, come and try it on Saturday.'],
        [3, 'alice', 'Offline one: I will bring cash'],
        [4, 'alice', 'Offline two: see you Saturday'],
      ],
    );
    // The seller's thread shows each once.
    const sellerTexts = await seller.locator('parley-chat li.msg').allTextContents();
    assert.equal(sellerTexts.filter((t) => t.includes('Offline one')).length, 1);
    assert.equal(sellerTexts.filter((t) => t.includes('Offline two')).length, 1);

    assert.deepEqual([...buyerWatch.problems, ...sellerWatch.problems, ...againWatch.problems], []);
    await buyerContext.close();
    await sellerContext.close();
  });

  it("should hide alice's phone number from bob and warn him of a Western Union request, in French", async () => {
    const buyerContext = await demoContext(browser, demo.url, 'alice');
    const sellerContext = await demoContext(browser, demo.url, 'bob', 'fr');
    const buyer = await buyerContext.newPage();
    const seller = await sellerContext.newPage();
    const watches = [watchProblems(buyer), watchProblems(seller)];
    await buyer.goto(`${demo.url}/listing.html?id=ad_sofa`);
    await buyer.locator('parley-contact-seller button').click();
    const input = buyer.locator('parley-chat textarea');
    await input.waitFor();
    await input.fill('Call me on 06 12 34 56 78, I will pay by Western Union, 320 € on 14/06');
    await input.press('Enter');
    // The sender sees why, under her own message.
    await buyer.locator('parley-chat [part="message-notice"]', { hasText: 'hidden by Parley demo marketplace' }).waitFor();

    await seller.goto(`${demo.url}/messages.html`);
    await seller.locator('parley-chat li.item button.open', { hasText: 'sofa' }).first().click();
    const message = seller.locator('parley-chat li.msg', { hasText: 'Western Union' });
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    assert.ok(!text.includes('06 12'), 'the number never reached bob');
    assert.match(text, /masqué par Parley demo marketplace/);
    assert.match(text, /320 € on 14\/06/, 'the price and the date stay');
    await message.locator('[part="message-warning"]', { hasText: 'paiement hors de Parley demo marketplace' }).waitFor();
    assert.deepEqual(
      watches.flatMap((w) => w.problems),
      [],
    );
    await buyerContext.close();
    await sellerContext.close();
  });

  it('should speak French, write no global but Parley, and ask a signed-out visitor to sign in', async () => {
    const context = await demoContext(browser, demo.url, null, 'fr');
    const page = await context.newPage();
    const watch = watchProblems(page);
    // The window's own names before any script runs, kept where no script can add a global for it.
    await page.addInitScript(() => sessionStorage.setItem('globals', JSON.stringify(Object.getOwnPropertyNames(window))));
    await page.goto(`${demo.url}/listing.html?id=ad_phone`);
    const contact = page.locator('parley-contact-seller button');
    await contact.waitFor();
    assert.equal((await contact.textContent())!.trim(), 'Contacter le vendeur');
    const added = await page.evaluate(() => {
      const before = new Set(JSON.parse(sessionStorage.getItem('globals')!) as string[]);
      return Object.getOwnPropertyNames(window).filter((n) => !before.has(n));
    });
    assert.deepEqual(added, ['Parley']);
    await contact.click();
    await page.waitForURL(/login=1/);
    await page.locator('#login').waitFor();
    assert.deepEqual(
      watch.problems.filter((p) => !p.includes('401')),
      [],
    );
    await context.close();
  });

  it('should fall back to long-polling when websockets are blocked', async () => {
    const context = await demoContext(browser, demo.url, 'dave');
    // The pages' Content-Security-Policy, minus websockets: every websocket fails before it opens,
    // as behind a proxy that refuses the upgrade.
    await context.route(/\.html|\/$/, async (route) => {
      const response = await route.fetch();
      const csp = (response.headers()['content-security-policy'] ?? '').replace("connect-src 'self'", `connect-src ${demo.url}`);
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    });
    const transports = new Set<string>();
    context.on('request', (r) => {
      const match = /[?&]transport=(\w+)/.exec(r.url());
      if (r.url().includes('/socket.io/') && match) transports.add(match[1]!);
    });
    const page = await context.newPage();
    const websocketErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) websocketErrors.push(m.text());
    });
    await page.goto(`${demo.url}/listing.html?id=ad_lamp`);
    await page.locator('parley-contact-seller button').click();
    const input = page.locator('parley-chat textarea');
    await input.fill('Sent over long-polling');
    await input.press('Enter');
    const conversationId = (
      await page.waitForFunction(() => document.querySelector('parley-chat')?.getAttribute('conversation'))
    ).jsonValue();
    const carol = await demoContext(browser, demo.url, 'carol');
    const seller = await carol.newPage();
    await seller.goto(`${demo.url}/messages.html?parley-conversation=${await conversationId}`);
    await seller.locator('parley-chat li.msg', { hasText: 'Sent over long-polling' }).waitFor();
    // And live the other way, still without a websocket on the buyer's side.
    const sellerInput = seller.locator('parley-chat textarea');
    await sellerInput.fill('Received over long-polling');
    await sellerInput.press('Enter');
    await page.locator('parley-chat li.msg', { hasText: 'Received over long-polling' }).waitFor();
    // Offline and back in the same page: the long-polling connection is closed and opened again
    // (the bundle's trimmed Engine.IO close and Socket.IO Manager, widget/build/trims-*.ts), both ways live.
    await context.setOffline(true);
    await page.locator('parley-chat', { hasText: 'Offline' }).waitFor();
    await context.setOffline(false);
    await sellerInput.fill('Received after reconnecting');
    await sellerInput.press('Enter');
    await page.locator('parley-chat li.msg', { hasText: 'Received after reconnecting' }).waitFor();
    await input.fill('Sent after reconnecting');
    await input.press('Enter');
    await seller.locator('parley-chat li.msg', { hasText: 'Sent after reconnecting' }).waitFor();
    assert.ok(websocketErrors.length > 0, 'the widget tried a websocket first');
    assert.deepEqual([...transports], ['polling'], 'long-polling carried the traffic');
    await context.close();
    await carol.close();
  });

  it('should work as a third-party snippet on another origin, with the classic-script build', async () => {
    const context = await demoContext(browser, demo.partnerUrl, 'dave');
    const page = await context.newPage();
    const watch = watchProblems(page);
    await page.goto(`${demo.partnerUrl}/`);
    await page.locator('parley-contact-seller button').click();
    const input = page.locator('parley-chat textarea');
    await input.fill('Hello from the partner shop');
    await input.press('Enter');
    await page.locator('parley-chat li.msg', { hasText: 'Hello from the partner shop' }).waitFor();
    const conversationId = (await openConversation(page))!;
    await page.waitForFunction(
      () =>
        !document
          .querySelector('parley-chat')
          ?.shadowRoot?.querySelector('parley-thread')
          ?.shadowRoot?.textContent?.includes('Sending'),
    );
    const stored = await storedMessages(demo, 'bob', conversationId);
    assert.deepEqual(
      stored.map((m) => m.body),
      ['Hello from the partner shop'],
    );
    assert.deepEqual(watch.problems, []);
    await context.close();
  });
});
