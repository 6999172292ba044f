// Desktop notifications in Chromium: asked for from a click only, shown while hidden, opening the conversation (real Notification API).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import { setPageClient } from '../client/page-client.ts';
import type { ParleyClient } from '../client/parley-client.ts';
import type { ParleyChat } from '../components/parley-chat/parley-chat.ts';
import '../index.ts';
import { deep, waitFor } from '../../test/dom.ts';
import { adminApi, disposeClients, sendAs, startPair, until } from '../../test/helpers.ts';
import { startPageAlerts } from './alerts.ts';

const inlineChat = (client: ParleyClient) =>
  fixture<ParleyChat>(html`<parley-chat inline lang="en" .client=${client}></parley-chat>`);

/** Sets this origin's notification permission through the browser (as the user's answer would). */
const permission = (setting: 'granted' | 'denied' | 'prompt') =>
  executeServerCommand('parley-notification-permission', { origin: location.origin, setting });

describe('page alerts: desktop notifications', () => {
  const shown: Notification[] = [];
  const RealNotification = window.Notification;
  const realRequest = Notification.requestPermission;
  let requests = 0;

  before(() => {
    // The real API, recording each notification so that the test can click it.
    window.Notification = class extends RealNotification {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(this);
      }
    } as typeof Notification;
    Notification.requestPermission = (...args) => {
      requests++;
      return realRequest.apply(Notification, args);
    };
    startPageAlerts();
  });
  after(async () => {
    Notification.requestPermission = realRequest;
    window.Notification = RealNotification;
    setPageClient(null);
    await permission('prompt');
  });
  afterEach(async () => {
    for (const n of shown.splice(0)) n.close();
    delete (document as { visibilityState?: unknown }).visibilityState;
    document.querySelectorAll('parley-chat').forEach((c) => c.remove());
    await disposeClients();
  });

  // First, while the browser has not been asked: nothing asks on load, the chat's button does on a click.
  it('should ask for notification permission only when "Turn on notifications" is clicked', async () => {
    await permission('prompt');
    const { b } = await startPair('Radio');
    const chat = await inlineChat(b);
    const button = await waitFor(() => deep<HTMLButtonElement>(chat, '[part="notifications-button"]'), 'the button');
    expect(button.getAttribute('aria-label')).to.equal('Turn on notifications');
    await expect(chat).to.be.accessible();
    expect(requests).to.equal(0, 'never on load');
    const box = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    expect(requests).to.equal(1);
    // Headless Chromium leaves the prompt open: the user's answer is given through the browser.
    await permission('granted');
    chat.requestUpdate();
    await waitFor(() => !deep(chat, '[part="notifications-button"]'), 'answered: the button goes away');
    await permission('prompt');
  });

  /** Makes the page look hidden to Parley (the user switched tabs). */
  const hide = () => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });

  it('should notify while the page is hidden, and open the conversation when the notification is clicked', async () => {
    await permission('granted');
    const { seller, conversation, b } = await startPair('Bike');
    setPageClient(b);
    await sendAs(seller, conversation.id, 'shown while visible?');
    await until(b, (s) => s.conversations[conversation.id]?.unread === 1, 'first message');
    expect(shown.length).to.equal(0, 'no notification while the page is visible');

    hide();
    await sendAs(seller, conversation.id, 'Is it still for sale?');
    const notification = await waitFor(() => shown[0], 'a notification');
    expect(notification.title).to.equal(`New message from Name of ${seller}`);
    expect(notification.body).to.equal('Is it still for sale?');
    expect(notification.tag).to.equal(conversation.id);
    expect(b.state.view.conversationId).to.equal(null);

    notification.dispatchEvent(new Event('click'));
    expect(b.state.view).to.include({ open: true, conversationId: conversation.id });
    const chat = await waitFor(() => document.querySelector('parley-chat'), 'a floating chat, the page had none');
    await waitFor(() => chat.getAttribute('conversation') === conversation.id, 'the chat shows the conversation');
  });

  it('should not notify for a muted conversation', async () => {
    await permission('granted');
    const { seller, conversation, b } = await startPair('Sofa');
    setPageClient(b);
    await b.setMuted(conversation.id, true);
    hide();
    await sendAs(seller, conversation.id, 'muted');
    await until(b, (s) => s.conversations[conversation.id]?.unread === 1, 'arrived');
    await b.setMuted(conversation.id, false);
    await sendAs(seller, conversation.id, 'unmuted');
    await waitFor(() => shown[0], 'a notification once unmuted');
    expect(shown.map((n) => n.body)).to.deep.equal(['unmuted']);
  });

  it('should leave the message text out when the site turned previews off', async () => {
    await permission('granted');
    expect((await adminApi('PATCH', '/site', { emailPreviews: false })).status).to.equal(200);
    try {
      const { seller, conversation, b } = await startPair('Desk');
      setPageClient(b);
      await until(b, (s) => s.site?.previews === false, 'the site setting, from the sync');
      hide();
      await sendAs(seller, conversation.id, 'My private words');
      const notification = await waitFor(() => shown[0], 'a notification');
      expect(notification.title).to.equal(`New message from Name of ${seller}`);
      expect(notification.body).to.not.include('private');
    } finally {
      await adminApi('PATCH', '/site', { emailPreviews: true });
    }
  });
});
