// PageAlerts against the real server in Chromium: the chime (real Web Audio, counted at its oscillators), one tab only.
import { expect, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { ParleyClient } from '../client/parley-client.ts';
import { startPair, disposeClients, sendAs, startClient, until } from '../../test/helpers.ts';
import { setSoundOn, soundKey } from './alert-settings.ts';
import { PageAlerts } from './page-alerts.ts';

/** Counts the oscillators started on the page: each chime starts one. */
let started = 0;
const realStart = OscillatorNode.prototype.start;

describe('PageAlerts: the chime', () => {
  const alerts: PageAlerts[] = [];
  const alert = (client: ParleyClient) => {
    const a = new PageAlerts(client, { titleBadge: () => false, open: (id) => client.openChat(id) });
    alerts.push(a);
    return a;
  };
  /** Sends as `from` and waits until every client given holds the message. */
  const deliver = async (from: string, conversationId: string, body: string, ...clients: ParleyClient[]) => {
    await sendAs(from, conversationId, body);
    for (const c of clients) {
      await until(c, (s) => s.threads[conversationId]?.some((m) => m.body === body) ?? false, `"${body}" arrived`);
    }
  };
  /** Resolves once the alerts' lock is held by one tab and waited for by `pending` others. */
  const lockSettled = (pending: number) =>
    waitUntil(
      async () => {
        const { held = [], pending: queue = [] } = await navigator.locks.query();
        const mine = (l: LockInfo) => l.name?.startsWith('parley-alerts:');
        return held.filter(mine).length === 1 && queue.filter(mine).length === pending;
      },
      `one tab leads, ${pending} wait`,
      { timeout: 5000, interval: 20 },
    );

  before(() => {
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      started++;
      return realStart.apply(this, args);
    };
  });
  after(() => {
    OscillatorNode.prototype.start = realStart;
  });
  afterEach(async () => {
    for (const a of alerts.splice(0)) a.dispose();
    await disposeClients();
  });

  // First: no test before this one may have interacted with the page.
  it('should never chime before the user has interacted with the page', async () => {
    expect(navigator.userActivation.hasBeenActive).to.equal(false, 'a fresh page');
    const { seller, conversation, b } = await startPair('Lamp');
    alert(b);
    await lockSettled(0);
    await deliver(seller, conversation.id, 'too early', b);
    expect(started).to.equal(0);
  });

  it('should chime in one tab only when two tabs of the user are open', async () => {
    await sendMouse({ type: 'click', position: [2, 2] }); // a real click: the page has had user activation
    expect(navigator.userActivation.hasBeenActive).to.equal(true);
    const { buyer, seller, conversation, b } = await startPair('Desk');
    const b2 = await startClient(buyer);
    await until(b2, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'second tab ready');
    alert(b);
    alert(b2);
    await lockSettled(1);
    const before = started;
    await deliver(seller, conversation.id, 'hello twice', b, b2);
    expect(started - before).to.equal(1, 'one chime for two tabs');
    await deliver(seller, conversation.id, 'and again', b, b2);
    expect(started - before).to.equal(2);
  });

  it('should stay silent for a muted conversation, with the sound off, or with the conversation in view', async () => {
    const { seller, conversation, b } = await startPair('Chair');
    alert(b);
    await lockSettled(0);
    let before = started;
    await deliver(seller, conversation.id, 'chimes', b);
    expect(started - before).to.equal(1, 'the control: this setup chimes');

    await b.setMuted(conversation.id, true);
    before = started;
    await deliver(seller, conversation.id, 'muted', b);
    expect(started - before).to.equal(0, 'muted');
    await b.setMuted(conversation.id, false);

    const key = soundKey(b.options.server, b.state.me!);
    setSoundOn(key, false);
    await deliver(seller, conversation.id, 'sound off', b);
    expect(started - before).to.equal(0, 'sound off');
    setSoundOn(key, true);

    b.openChat(conversation.id);
    await deliver(seller, conversation.id, 'in view', b);
    expect(started - before).to.equal(0, 'the open conversation of a visible page');
    b.openChat(null);
    await deliver(seller, conversation.id, 'list shown', b);
    expect(started - before).to.equal(1, 'the list is shown: it chimes');
  });
});
