// Input schemas for conversation routes and events.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { idSchema, optionalText, seqSchema } from '../validation.ts';

/**
 * A URL given for a listing: only its length here. Whether it is a path on the site or a URL on one
 * of the site's origins needs the site, so the service checks it (see listing-urls.ts).
 */
const listingUrl = optionalText(LIMITS.listingUrlMaxChars);

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
  /** `all` (archived left out), `unread` or `archived`. */
  filter: z.enum(['all', 'unread', 'archived']).default('all'),
});

export const readSchema = z.strictObject({ seq: seqSchema });

export const muteSchema = z.strictObject({ muted: z.boolean() });

export const muteEventSchema = z.strictObject({ conversationId: idSchema, muted: z.boolean() });

export const readEventSchema = z.strictObject({ conversationId: idSchema, seq: seqSchema });

export const typingEventSchema = z.strictObject({ conversationId: idSchema, typing: z.boolean() });
