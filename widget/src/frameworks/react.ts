// React 19 JSX typings: <parley-chat> and the others as intrinsic elements, with their attributes and events.
// React 19 sets properties and listens to custom events on custom elements itself: no wrapper is needed.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ParleyChat } from '../components/parley-chat/parley-chat.ts';
import type { ParleyContactSeller } from '../components/parley-contact-seller/parley-contact-seller.ts';
import type { ParleyUnreadBubble } from '../components/parley-unread-bubble/parley-unread-bubble.ts';
import type { ParleyElementAttributes, ParleyEventProps } from './element-attributes.ts';

/** The props of one Parley element in JSX: the HTML ones, its attributes, and `on<parley-event>` listeners. */
export type ParleyJsxProps<E extends HTMLElement, A> = DetailedHTMLProps<HTMLAttributes<E>, E> & A & ParleyEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'parley-contact-seller': ParleyJsxProps<ParleyContactSeller, ParleyElementAttributes['parley-contact-seller']>;
      'parley-unread-bubble': ParleyJsxProps<ParleyUnreadBubble, ParleyElementAttributes['parley-unread-bubble']>;
      'parley-chat': ParleyJsxProps<ParleyChat, ParleyElementAttributes['parley-chat']>;
    }
  }
}
