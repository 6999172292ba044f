// Input schemas for conversation routes and events.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { idSchema, optionalText, seqSchema } from '../validation.ts';

/** A URL given for a listing: http(s) absolute or a path on the host site (not `//host`, another site). */
const listingUrl = optionalText(LIMITS.listingUrlMaxChars).refine(
  (v) => v === null || /^\/(?![/\\])/.test(v) || /^https?:\/\//i.test(v),
  { message: 'must be an http(s) URL or a path starting with a single /' },
);

export const createConversationSchema = z.strictObject({
  sellerId: idSchema,
  listing: z.strictObject({
    id: idSchema,
    title: optionalText(LIMITS.listingTitleMaxChars),
    url: listingUrl,
    imageUrl: listingUrl,
    price: optionalText(LIMITS.listingPriceMaxChars),
  }),
});

/** Query of `GET /conversations`: `before` is the `nextCursor` of the previous page. */
export const listConversationsQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a cursor from a previous page')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  /** Only conversations about this listing (a seller looking at their own listing). */
  listing: idSchema.optional(),
});

export const readSchema = z.strictObject({ seq: seqSchema });

export const readEventSchema = z.strictObject({ conversationId: idSchema, seq: seqSchema });

export const typingEventSchema = z.strictObject({ conversationId: idSchema, typing: z.boolean() });
