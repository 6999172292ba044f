// The rule that decides whether a message chimes or shows a desktop notification in this tab.
import { expect } from '@open-wc/testing';
import { conversation, message, SELLER } from '../../test/models.ts';
import { decideAlerts, type AlertContext } from './alert-rule.ts';

/** The seller's leading, hidden tab, sound and notifications allowed, receiving the buyer's message in `c1`. */
const context = (fields: Partial<AlertContext> = {}): AlertContext => ({
  message: message(1),
  me: SELLER,
  conversation: conversation(),
  leader: true,
  hidden: true,
  shown: null,
  soundAllowed: true,
  notificationsAllowed: true,
  ...fields,
});

describe('decideAlerts', () => {
  it("should chime and notify for the other party's message while the page is hidden", () => {
    expect(decideAlerts(context())).to.deep.equal({ sound: true, notification: true });
  });

  it('should chime without a notification when the page is visible and another conversation (or none) is shown', () => {
    expect(decideAlerts(context({ hidden: false }))).to.deep.equal({ sound: true, notification: false });
    expect(decideAlerts(context({ hidden: false, shown: 'c2' }))).to.deep.equal({ sound: true, notification: false });
  });

  it('should stay silent when the conversation is in view on a visible page', () => {
    expect(decideAlerts(context({ hidden: false, shown: 'c1' }))).to.deep.equal({ sound: false, notification: false });
  });

  it('should alert a hidden page even when that conversation is the one open', () => {
    expect(decideAlerts(context({ shown: 'c1' }))).to.deep.equal({ sound: true, notification: true });
  });

  it('should stay silent in a tab that does not lead, for a muted conversation, an own or deleted message, or nobody signed in', () => {
    const silent = { sound: false, notification: false };
    expect(decideAlerts(context({ leader: false }))).to.deep.equal(silent);
    expect(decideAlerts(context({ conversation: conversation({ muted: true }) }))).to.deep.equal(silent);
    expect(decideAlerts(context({ message: message(1, { senderId: SELLER }) }))).to.deep.equal(silent);
    expect(decideAlerts(context({ message: message(1, { deletedAt: '2025-01-01T12:00:00.000Z' }) }))).to.deep.equal(silent);
    expect(decideAlerts(context({ me: null }))).to.deep.equal(silent);
  });

  it('should follow the sound setting and the notification permission separately', () => {
    expect(decideAlerts(context({ soundAllowed: false }))).to.deep.equal({ sound: false, notification: true });
    expect(decideAlerts(context({ notificationsAllowed: false }))).to.deep.equal({ sound: true, notification: false });
  });

  it('should alert for a conversation not held yet (its first message)', () => {
    expect(decideAlerts(context({ conversation: undefined }))).to.deep.equal({ sound: true, notification: true });
  });
});
