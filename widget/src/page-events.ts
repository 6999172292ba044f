// Page-wide events (unread, connection, incoming message) are dispatched once per page, not once per element.

const sources: Element[] = [];

/** Registers a connected Parley element as a possible source of page-wide events. */
export function joinPageEvents(element: Element): void {
  if (!sources.includes(element)) sources.push(element);
}

/** Forgets a disconnected element; the next one (if any) becomes the source. */
export function leavePageEvents(element: Element): void {
  const i = sources.indexOf(element);
  if (i >= 0) sources.splice(i, 1);
}

/**
 * True for the one element that dispatches `parley-unread-change`, `parley-connection-change` and
 * `parley-message`: the first Parley element connected to the page, so listeners hear each once.
 */
export function isPageEventSource(element: Element): boolean {
  return sources[0] === element;
}
