// Vue 3 typings: <parley-chat> and the others known to templates as global components, with their attributes and events.
// Vue also needs to be told they are custom elements (isCustomElement: tag.startsWith('parley-'), see docs/packages.md).
import type { DefineComponent } from 'vue';
import type { ParleyEventDetails } from '../events/parley-events.ts';
import type { ParleyElementAttributes } from './element-attributes.ts';

/** `parley-unread-change` → `parleyUnreadChange`, as Vue's compiler camelizes an event name. */
type Camelize<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camelize<Tail>>}` : S;

/** `@parley-message="…"` and the other events, as the `on…` props Vue compiles them to (`onParleyMessage`). */
type ParleyVueEvents = {
  [K in keyof ParleyEventDetails as `on${Capitalize<Camelize<K>>}`]?: (event: CustomEvent<ParleyEventDetails[K]>) => void;
};

/** One Parley element as a Vue component type: its attributes and events as props. */
export type ParleyVueElement<A> = DefineComponent<A & ParleyVueEvents>;

declare module 'vue' {
  interface GlobalComponents {
    'parley-contact-seller': ParleyVueElement<ParleyElementAttributes['parley-contact-seller']>;
    'parley-unread-bubble': ParleyVueElement<ParleyElementAttributes['parley-unread-bubble']>;
    'parley-chat': ParleyVueElement<ParleyElementAttributes['parley-chat']>;
  }
}
