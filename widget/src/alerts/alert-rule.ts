// When a message arriving in a tab makes a sound or a desktop notification there: one pure rule.
import type { Conversation, Message } from '../../../protocol/index.ts';

/** What the rule looks at when a message arrives. */
export interface AlertContext {
  message: Message;
  /** The signed-in user. */
  me: string | null;
  conversation: Conversation | undefined;
  /** This tab leads the user's tabs (tab-leader.ts): the others stay silent. */
  leader: boolean;
  /** The page is hidden (another tab, a minimised window). */
  hidden: boolean;
  /** The conversation this tab's chat shows, null when it shows none (closed, or the list). */
  shown: string | null;
  /** The user turned the sound on in the chat's settings, and has interacted with the page. */
  soundAllowed: boolean;
  /** The user granted desktop notifications. */
  notificationsAllowed: boolean;
}

/** What to do for one message. */
export interface AlertDecision {
  sound: boolean;
  notification: boolean;
}

/**
 * Only the leading tab alerts, only for a message from the other party in a conversation the user
 * has not muted; a sound when the page is hidden or the conversation is not the one in view, a
 * desktop notification only when the page is hidden.
 */
export function decideAlerts(c: AlertContext): AlertDecision {
  const relevant =
    c.leader && c.me !== null && c.message.senderId !== c.me && !c.message.deletedAt && c.conversation?.muted !== true;
  if (!relevant) return { sound: false, notification: false };
  return {
    sound: c.soundAllowed && (c.hidden || c.shown !== c.message.conversationId),
    notification: c.notificationsAllowed && c.hidden,
  };
}
