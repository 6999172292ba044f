// The schema each client event is validated with: the socket handlers parse with these, the AsyncAPI document shows them.
import type { z } from 'zod';
import type { ClientNoticeName, ClientRequestName } from '../../../protocol/index.ts';
import { muteEventSchema, readEventSchema, typingEventSchema } from '../conversations/conversations.schemas.ts';
import { deleteMessageEventSchema, sendMessageEventSchema, syncSchema } from '../messages/messages.schemas.ts';

/** One schema per event of the protocol's two lists (a missing or extra name does not compile). */
export const CLIENT_EVENT_SCHEMAS = {
  'message:send': sendMessageEventSchema,
  'message:delete': deleteMessageEventSchema,
  'conversation:read': readEventSchema,
  'conversation:mute': muteEventSchema,
  sync: syncSchema,
  typing: typingEventSchema,
} as const satisfies Record<ClientRequestName | ClientNoticeName, z.ZodType>;
