// English strings of the contact button and the bubble: the loader paints them before the rest of the strings arrive.
import type { LauncherStrings } from './strings.ts';

/** The English strings the loader's first paint needs (part of `en`). */
export const enLaunchers: LauncherStrings = {
  contactSeller: 'Contact the seller',
  listingMessages: 'Messages about this listing',
  bubbleLabel: (c) =>
    c === null ? 'Messages' : c.plural === 'one' ? `Messages, ${c.n} unread message` : `Messages, ${c.n} unread messages`,
};
