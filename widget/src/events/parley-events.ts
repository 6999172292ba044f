// The widget's public DOM events (contract section 2): typed, `parley-*`, bubbling and composed.
import type { Message } from '../../../protocol/index.ts';
import type { ConnectionStatus } from '../client/types.ts';

/** Details of every public event, by name. */
export interface ParleyEventDetails {
  'parley-open': { conversationId: string | null };
  'parley-close': Record<string, never>;
  'parley-unread-change': { total: number };
  'parley-connection-change': { status: ConnectionStatus };
  'parley-message': { conversationId: string; message: Message };
  'parley-login-required': Record<string, never>;
  'parley-error': { code: string; message: string };
}

/** The name of a public event. */
export type ParleyEventName = keyof ParleyEventDetails;

/** A `parley-*` event. */
export type ParleyEvent<K extends ParleyEventName> = CustomEvent<ParleyEventDetails[K]>;

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-open': ParleyEvent<'parley-open'>;
    'parley-close': ParleyEvent<'parley-close'>;
    'parley-unread-change': ParleyEvent<'parley-unread-change'>;
    'parley-connection-change': ParleyEvent<'parley-connection-change'>;
    'parley-message': ParleyEvent<'parley-message'>;
    'parley-login-required': ParleyEvent<'parley-login-required'>;
    'parley-error': ParleyEvent<'parley-error'>;
  }
}
