// The widget's entry: registers the elements (a no-op when they exist) and exports the client API.
import { ParleyChat } from './components/parley-chat/parley-chat.ts';

export { ParleyChat } from './components/parley-chat/parley-chat.ts';
export * from './client/index.ts';
export * from './events.ts';
export { localize, SUPPORTED_LANGUAGES, type Language, type Strings } from './i18n/index.ts';

/** Registers every Parley element; safe to call more than once, and never throws into the page. */
export function defineParleyElements(registry: CustomElementRegistry = customElements): void {
  try {
    ParleyChat.define(registry);
  } catch (err) {
    console.error('[parley] the elements could not be registered', err);
  }
}

defineParleyElements();
