// Input schemas for message routes and events.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { bodySchema, idSchema, seqSchema } from '../validation.ts';
import { MAX_CURSOR_CHARS, parseSnapshot } from './deletion-cursor.ts';

export const sendMessageSchema = z.strictObject({
  clientId: idSchema,
  body: bodySchema,
  replyTo: idSchema.nullish().transform((v) => v ?? null),
});

export const sendMessageEventSchema = sendMessageSchema.extend({ conversationId: idSchema });

export const deleteMessageEventSchema = z.strictObject({ messageId: idSchema });

/** Query of `GET /conversations/:id/messages`. */
export const listMessagesQuery = z.strictObject({
  before: z.coerce.number().pipe(seqSchema).optional(),
  after: z.coerce.number().pipe(seqSchema).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
});

/** `sync`: the last seq held per conversation, at most a thousand of them, and the deletion cursor. */
export const syncSchema = z.strictObject({
  conversations: z
    .record(idSchema, seqSchema)
    .refine((r) => Object.keys(r).length <= 1000, { message: 'at most 1000 conversations per sync' }),
  /** Issued by a previous sync: a database snapshot (see deletion-cursor.ts). */
  deletedCursor: z
    .string()
    .max(MAX_CURSOR_CHARS)
    .refine((v) => parseSnapshot(v) !== null, { message: 'not a cursor this server issued' })
    .nullish()
    .transform((v) => v ?? null),
});
