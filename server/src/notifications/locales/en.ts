// English words of the email digest and the unsubscribe page.
import type { EmailStrings } from '../email-strings.ts';

const plural = (n: number, one: string, other: string) => (n === 1 ? one : other);

export default {
  lang: 'en',
  subject: (unread, site) => `${unread} unread ${plural(unread, 'message', 'messages')} on ${site}`,
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  intro: (unread, site) => `You have ${unread} unread ${plural(unread, 'message', 'messages')} on ${site}.`,
  conversation: (sender, listing) => (listing ? `${sender} about “${listing}”` : sender),
  messageCount: (n) => `${n} new ${plural(n, 'message', 'messages')}`,
  more: (n) => `and ${n} more`,
  someone: 'Someone',
  openConversation: 'Open the conversation',
  footer: (site) => `You receive this email because messages to you on ${site} stayed unread.`,
  unsubscribe: 'Unsubscribe from these emails',
  unsubscribePage: {
    title: 'Unsubscribe',
    question: (site) => `Stop receiving emails about unread messages on ${site}?`,
    confirm: 'Unsubscribe',
    done: (site) => `You will no longer receive emails about unread messages on ${site}.`,
    invalid: 'This unsubscribe link is not valid.',
  },
} satisfies EmailStrings;
