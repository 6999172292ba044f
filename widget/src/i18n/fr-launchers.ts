// French strings of the contact button and the bubble: the loader paints them before the rest of the strings arrive.
import type { LauncherStrings } from './strings.ts';

/** The French strings the loader's first paint needs (part of `fr`). */
export const frLaunchers: LauncherStrings = {
  contactSeller: 'Contacter le vendeur',
  listingMessages: 'Messages sur cette annonce',
  bubbleLabel: (c) =>
    c === null ? 'Messages' : c.plural === 'one' ? `Messages, ${c.n} message non lu` : `Messages, ${c.n} messages non lus`,
};
