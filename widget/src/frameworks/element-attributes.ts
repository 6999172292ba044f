// What each Parley element accepts in markup, for the framework typings (React JSX, Vue templates).
import type { ParleyEventDetails } from '../events/parley-events.ts';

type Theme = 'light' | 'dark' | 'auto';

/** `<parley-contact-seller>`: a listing's "contact the seller" button. */
export interface ParleyContactSellerAttributes {
  seller: string;
  listing: string;
  'listing-title'?: string;
  'listing-price'?: string;
  'listing-url'?: string;
  'listing-image'?: string;
  theme?: Theme;
}

/** `<parley-unread-bubble>`: the floating launcher with the unread count. */
export interface ParleyUnreadBubbleAttributes {
  position?: 'bottom-right' | 'bottom-left';
  theme?: Theme;
}

/** `<parley-chat>`: the messenger, floating or `inline`. */
export interface ParleyChatAttributes {
  open?: boolean;
  inline?: boolean;
  conversation?: string;
  theme?: Theme;
  'toast-duration'?: number;
}

/** Every element by tag name. */
export interface ParleyElementAttributes {
  'parley-contact-seller': ParleyContactSellerAttributes;
  'parley-unread-bubble': ParleyUnreadBubbleAttributes;
  'parley-chat': ParleyChatAttributes;
}

/**
 * The `parley-*` events as React 19 listens to them on a custom element: `onparley-message={…}`
 * (React adds a listener for the name after `on`, as written).
 */
export type ParleyEventProps = {
  [K in keyof ParleyEventDetails as `on${K}`]?: (event: CustomEvent<ParleyEventDetails[K]>) => void;
};
