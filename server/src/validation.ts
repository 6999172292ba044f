// Shared zod building blocks and the one way every entry point turns a schema failure into `invalid`.
import { z } from 'zod';
import { LIMITS } from '../../protocol/index.ts';
import { ParleyError } from './errors.ts';

/** An id: user, listing, conversation, message or client id. */
export const idSchema = z.string().min(LIMITS.idMinChars).max(LIMITS.idMaxChars);

/** A message body: trimmed, then 1 to 4,000 characters (code points, so an emoji counts once). */
export const bodySchema = z
  .string()
  .max(LIMITS.bodyMaxChars * 2)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, { message: 'The message is empty.' })
  .refine((s) => [...s].length <= LIMITS.bodyMaxChars, {
    message: `The message is longer than ${LIMITS.bodyMaxChars} characters.`,
  });

/** A message seq (or a position before the first message). */
export const seqSchema = z.number().int().min(0).max(2_147_483_647);

/** Optional text field of a listing snapshot. */
export const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);

/** Parses `input` with `schema`, throwing `invalid` with the first problem in plain words. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ParleyError('invalid', `${where}${issue.message}`);
}
