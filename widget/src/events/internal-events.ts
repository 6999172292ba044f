// The events the chat's inner elements send to the element that renders them: typed like the public ones, never leaving a shadow root.
import type { OutboxPhoto } from '../client/types.ts';

/** Details of every internal event, by name. */
export interface InternalEventDetails {
  /** `<parley-composer>`: the user sent a message. */
  'composer-send': { body: string; photos: OutboxPhoto[] };
  /** `<parley-composer>`: the user started or stopped typing. */
  'composer-typing': { typing: boolean };
  /** `<parley-composer>`: the user dropped the quoted message. */
  'composer-cancel-reply': Record<string, never>;
  /** `<parley-conversation-list>`: the user picked a conversation (a search result: at that message). */
  'select-conversation': { conversationId: string; messageId?: string | null; seq?: number | null };
}

/** The name of an internal event. */
export type InternalEventName = keyof InternalEventDetails;

/** An internal event. */
export type InternalEvent<K extends InternalEventName> = CustomEvent<InternalEventDetails[K]>;

declare global {
  interface GlobalEventHandlersEventMap {
    'composer-send': InternalEvent<'composer-send'>;
    'composer-typing': InternalEvent<'composer-typing'>;
    'composer-cancel-reply': InternalEvent<'composer-cancel-reply'>;
    'select-conversation': InternalEvent<'select-conversation'>;
  }
}
