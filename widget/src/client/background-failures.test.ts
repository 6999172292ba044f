// Requests the client makes on its own (gap fills, read receipts) that fail: logged, never silent, never unhandled.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { LIMITS } from '../../../protocol/index.ts';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  sendAs,
  startClient,
  tokenFor,
  uid,
  until,
} from '../../test/helpers.ts';
import { unreadIn } from './selectors.ts';

/** What the page logs with console.warn (still logged) and the promise rejections nobody handled. */
function watchFailures() {
  const warnings: unknown[][] = [];
  const unhandled: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args);
    warn.apply(console, args);
  };
  const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e.reason);
  window.addEventListener('unhandledrejection', onUnhandled);
  return {
    warnings,
    unhandled,
    warned: (text: string) => warnings.some(([first]) => first === text),
    stop() {
      console.warn = warn;
      window.removeEventListener('unhandledrejection', onUnhandled);
    },
  };
}

describe('ParleyClient background failures', () => {
  let watch: ReturnType<typeof watchFailures> | null = null;
  afterEach(async () => {
    watch?.stop();
    watch = null;
    goOnline();
    await disposeClients();
  });

  it('should log a gap fill that fails after a catch-up instead of leaving its rejection unhandled', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    // REST calls fail once `restDown` is set (their token cannot be had); the socket stays up.
    let restDown = false;
    const b = await startClient(buyer, {
      getToken: () => (restDown ? Promise.reject(new Error('the token service is down')) : tokenFor(buyer)),
    });
    await until(b, (st) => st.status === 'online', 'online');
    await sendAs(seller, conversation.id, 'm1');
    await until(b, (st) => st.threads[conversation.id]?.length === 1, 'm1 live');
    await executeServerCommand('parley-mute', { sub: buyer, muted: true });
    await sendAs(seller, conversation.id, 'm2');
    await executeServerCommand('parley-mute', { sub: buyer, muted: false });
    restDown = true;
    watch = watchFailures();
    await sendAs(seller, conversation.id, 'm3');
    await waitUntil(() => watch!.warned('[parley] gap fill failed'), 'the live gap fill failed', { timeout: 8000 });
    expect(b.state.threads[conversation.id]!.map((m) => m.seq)).to.deep.equal([1, 3]);

    watch.warnings.length = 0;
    // More messages than a cursor catch-up carries of one conversation: it brings the newest ones, and
    // the ones before them (and the hole at seq 2) are left to the gap fill.
    await executeServerCommand('parley-seed', {
      sender: seller,
      conversationId: conversation.id,
      count: LIMITS.syncMaxChangesPerConversation + 2,
      prefix: 'away',
    });
    await b.refresh(); // a catch-up, then a fill for every thread with a hole
    await waitUntil(() => watch!.warned('[parley] gap fill failed'), 'the catch-up gap fill failed and said so', {
      timeout: 8000,
    });
    expect(watch.unhandled).to.deep.equal([]);
  });

  it('should log a read receipt the server did not acknowledge and keep the message unread', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(buyer, conversation.id, 'please read me');
    const s = await startClient(seller);
    await until(
      s,
      (st) => st.status === 'online' && st.threads[conversation.id]?.length === 1 && unreadIn(st, conversation.id) === 1,
      'one unread message',
    );
    watch = watchFailures();
    const read = s.markRead(conversation.id);
    goOffline(); // the socket closes with the receipt in flight: its ack fails
    await read;
    expect(watch.warned('[parley] marking as read failed')).to.equal(true);
    expect(unreadIn(s.state, conversation.id)).to.equal(1);
  });
});
