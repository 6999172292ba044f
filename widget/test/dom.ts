// Browser-side helpers to reach into <parley-chat>'s shadow roots and follow the keyboard focus.
import { waitUntil } from '@open-wc/testing';
import type { ParleyChat } from '../src/components/parley-chat/parley-chat.ts';

/** The element at the end of a path of selectors, each one looked up in the previous one's shadow root. */
export function deep<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  let node: Element | null = root;
  for (const selector of selectors) {
    node = node?.shadowRoot?.querySelector(selector) ?? null;
  }
  return node as T | null;
}

/** Every match of the last selector, inside the shadow root reached through the others. */
export function deepAll<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T[] {
  const last = selectors.pop()!;
  const host = selectors.length ? deep(root, ...selectors) : root;
  return [...(host?.shadowRoot?.querySelectorAll<T>(last) ?? [])] as T[];
}

/** The focused element, looking through open shadow roots. */
export function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Parts of a chat element the tests use. */
export const chatDom = {
  list: (chat: ParleyChat) => deep(chat, 'parley-conversation-list'),
  rows: (chat: ParleyChat) => deepAll(chat, 'parley-conversation-list', 'li.item'),
  thread: (chat: ParleyChat) => deep(chat, 'parley-thread'),
  messages: (chat: ParleyChat) => deepAll(chat, 'parley-thread', 'li.msg'),
  scroller: (chat: ParleyChat) => deep(chat, 'parley-thread', '.scroller'),
  textarea: (chat: ParleyChat) => deep<HTMLTextAreaElement>(chat, 'parley-thread', 'parley-composer', 'textarea'),
  status: (chat: ParleyChat) => deep(chat, '.status'),
};

/** Waits until `read()` returns something truthy, and returns it. */
export async function waitFor<T>(read: () => T | null | undefined | false, message: string, timeout = 8000): Promise<T> {
  let value: T | null | undefined | false = null;
  await waitUntil(
    () => {
      value = read();
      return Boolean(value);
    },
    message,
    { timeout, interval: 20 },
  );
  return value as T;
}
