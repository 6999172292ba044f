// The widget as a library: registers the elements (a no-op when they exist) and exports the client API.
import { defineParleyElements } from './define.ts';

export { ParleyChat } from './components/parley-chat/parley-chat.ts';
export { ParleyContactSeller } from './components/parley-contact-seller/parley-contact-seller.ts';
export { ParleyUnreadBubble } from './components/parley-unread-bubble/parley-unread-bubble.ts';
export * from './client/index.ts';
export * from './events/index.ts';
export { localize, SUPPORTED_LANGUAGES, type Language, type Strings } from './i18n/index.ts';
export { defineParleyElements } from './define.ts';
export { installParley, type ParleyConfig, type ParleyGlobal } from './embed/parley-global.ts';
export { startParley } from './embed/start-parley.ts';

defineParleyElements();
