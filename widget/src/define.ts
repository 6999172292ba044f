// Registers every Parley element, each only if its tag is free (the script may be loaded twice).
import { ParleyChat } from './components/parley-chat/parley-chat.ts';
import { ParleyContactSeller } from './components/parley-contact-seller/parley-contact-seller.ts';
import { ParleyUnreadBubble } from './components/parley-unread-bubble/parley-unread-bubble.ts';

/** Registers `<parley-chat>`, `<parley-contact-seller>` and `<parley-unread-bubble>`; never throws into the page. */
export function defineParleyElements(registry: CustomElementRegistry = customElements): void {
  try {
    ParleyChat.define(registry);
    ParleyContactSeller.define(registry);
    ParleyUnreadBubble.define(registry);
  } catch (err) {
    console.error('[parley] the elements could not be registered', err);
  }
}
