// Shared zod building blocks and the one way every entry point turns a schema failure into `invalid`.
import { z } from 'zod';
import { LIMITS, messageLength } from '../../protocol/index.ts';
import { ParleyError } from './errors.ts';
import { isStorableText, stripBidiControls, UNSTORABLE_TEXT_MESSAGE } from './safe-text.ts';

/**
 * Any string from a caller: one that PostgreSQL can store (no U+0000, no unpaired surrogate), so
 * that such input is `invalid` here rather than a database error later. Every string schema starts
 * from this one.
 */
export const textSchema = z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });

/** An id: user, listing, conversation, message or client id. */
export const idSchema = textSchema.min(LIMITS.idMinChars).max(LIMITS.idMaxChars);

/**
 * A message body: bidi embedding/override/isolate controls removed (see safe-text.ts), trimmed, then
 * 1 to 4,000 characters (code points, so an emoji counts once).
 */
export const bodySchema = textSchema
  .max(LIMITS.bodyMaxChars * 2)
  .transform((s) => stripBidiControls(s).trim())
  .refine((s) => s.length > 0, { message: 'The message is empty.' })
  .refine((s) => messageLength(s) <= LIMITS.bodyMaxChars, {
    message: `The message is longer than ${LIMITS.bodyMaxChars} characters.`,
  });

/** A body that may be empty (a message of photos): otherwise checked like {@link bodySchema}. */
export const optionalBodySchema = textSchema
  .max(LIMITS.bodyMaxChars * 2)
  .transform((s) => stripBidiControls(s).trim())
  .refine((s) => messageLength(s) <= LIMITS.bodyMaxChars, {
    message: `The message is longer than ${LIMITS.bodyMaxChars} characters.`,
  });

/** A message seq (or a position before the first message). */
export const seqSchema = z.number().int().min(0).max(2_147_483_647);

/** Optional text field of a listing snapshot, bidi controls removed like a body's. */
export const optionalText = (max: number) =>
  textSchema
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? stripBidiControls(v) : null) || null);

/** Parses `input` with `schema`, throwing `invalid` with the first problem in plain words. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ParleyError('invalid', `${where}${issue.message}`);
}
