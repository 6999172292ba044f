// The one way the widget dispatches its events, public and internal: typed by name, options fixed by kind.
import type { InternalEventDetails } from './internal-events.ts';
import type { ParleyEventDetails } from './parley-events.ts';

/** Every event the widget dispatches, by name. */
export type WidgetEventDetails = ParleyEventDetails & InternalEventDetails;

/** The public events a listener may cancel. */
const CANCELABLE: ReadonlySet<string> = new Set<keyof ParleyEventDetails>(['parley-login-required']);

/**
 * Dispatches a typed event from `target`. Public `parley-*` events bubble and cross shadow roots
 * (`parley-login-required` is cancelable); internal ones are heard on the element itself only.
 * Returns false when a listener called `preventDefault()`.
 */
export function emit<K extends keyof WidgetEventDetails>(target: EventTarget, name: K, detail: WidgetEventDetails[K]): boolean {
  const isPublic = name.startsWith('parley-');
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: isPublic, composed: isPublic, cancelable: CANCELABLE.has(name) }),
  );
}
