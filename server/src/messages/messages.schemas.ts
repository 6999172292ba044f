// Input schemas for message routes and events.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { idSchema, optionalBodySchema, seqSchema } from '../validation.ts';
import { MAX_CHANGE_CURSOR_CHARS, parseChangeCursor } from './change-cursor.ts';
import { MAX_CURSOR_CHARS, parseSnapshot } from './deletion-cursor.ts';

const sendFields = {
  clientId: idSchema,
  body: optionalBodySchema,
  replyTo: idSchema.nullish().transform((v) => v ?? null),
  /** Upload ids, each once, at most `attachmentsMax`. */
  attachments: z
    .array(idSchema)
    .max(LIMITS.attachmentsMax)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'An upload is named twice.' })
    .default([]),
};

/** A message needs text or at least one photo. */
const hasContent = (m: { body: string; attachments: string[] }) => m.body.length > 0 || m.attachments.length > 0;
const EMPTY = { message: 'The message is empty.', path: ['body'] };

export const sendMessageSchema = z.strictObject(sendFields).refine(hasContent, EMPTY);

export const sendMessageEventSchema = z.strictObject({ ...sendFields, conversationId: idSchema }).refine(hasContent, EMPTY);

export const deleteMessageEventSchema = z.strictObject({ messageId: idSchema });

/** Query of `GET /conversations/:id/messages`. */
export const listMessagesQuery = z.strictObject({
  before: z.coerce.number().pipe(seqSchema).optional(),
  after: z.coerce.number().pipe(seqSchema).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
});

/**
 * `sync`: the last seq held per conversation (at most `syncMaxKnownConversations` of them) and the
 * deletion cursor, or a change cursor alone (with no conversation named).
 */
export const syncSchema = z
  .strictObject({
    conversations: z
      .record(idSchema, seqSchema)
      .refine((r) => Object.keys(r).length <= LIMITS.syncMaxKnownConversations, {
        message: `at most ${LIMITS.syncMaxKnownConversations} conversations per sync`,
      })
      .optional(),
    /** Issued by a previous sync: a database snapshot (see deletion-cursor.ts). */
    deletedCursor: z
      .string()
      .max(MAX_CURSOR_CHARS)
      .refine((v) => parseSnapshot(v) !== null, { message: 'not a cursor this server issued' })
      .nullish()
      .transform((v) => v ?? null),
    /** Issued by a previous sync: a snapshot and where a cut page stopped (see change-cursor.ts). */
    changeCursor: z
      .string()
      .max(MAX_CHANGE_CURSOR_CHARS)
      .transform(
        (v, ctx) =>
          parseChangeCursor(v) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this server issued' }), z.NEVER),
      )
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((p) => (p.changeCursor === null ? p.conversations !== undefined : Object.keys(p.conversations ?? {}).length === 0), {
    message: 'a sync names its conversations, or sends a changeCursor and names none',
    path: ['conversations'],
  });
