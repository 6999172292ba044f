// Input schemas of the server API (`/api/v1/admin/…`).
import { z } from 'zod';
import { LIMITS, LISTING_STATUSES, messageLength } from '../../../protocol/index.ts';
import { normalizeOrigin } from '../identity/sites.repository.ts';
import { siteSafetyPatchSchema } from '../safety/site-safety.ts';
import { stripBidiControls } from '../safe-text.ts';
import { idSchema, optionalText, textSchema } from '../validation.ts';
import { checkEndpointUrl } from '../webhooks/webhook-cli.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/webhook-events.ts';

const listingStatus = z.enum(LISTING_STATUSES as ['available', 'reserved', 'sold']);

/** `PUT /admin/listings/:id`. */
export const putListingSchema = z.strictObject({
  sellerId: idSchema,
  title: textSchema
    .trim()
    .min(1)
    .max(LIMITS.listingTitleMaxChars)
    .transform((v) => stripBidiControls(v)),
  price: optionalText(LIMITS.listingPriceMaxChars),
  url: optionalText(LIMITS.listingUrlMaxChars),
  imageUrl: optionalText(LIMITS.listingUrlMaxChars),
  status: listingStatus,
});

/** `POST /admin/conversations/:id/messages`: the site's note, 1 to 1,000 characters. */
export const postSystemMessageSchema = z.strictObject({
  text: textSchema
    .max(LIMITS.systemTextMaxChars * 2)
    .transform((s) => stripBidiControls(s).trim())
    .refine((s) => s.length > 0, { message: 'The text is empty.' })
    .refine((s) => messageLength(s) <= LIMITS.systemTextMaxChars, {
      message: `The text is longer than ${LIMITS.systemTextMaxChars} characters.`,
    }),
});

const origin = textSchema.max(LIMITS.listingUrlMaxChars).transform((value, ctx) => {
  try {
    return normalizeOrigin(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${value.slice(0, 100)}` });
    return z.NEVER;
  }
});

/** `PATCH /admin/site`: the settings to change (the safety ones checked as the site CLI checks them). */
export const patchSiteSchema = siteSafetyPatchSchema.extend({
  name: textSchema
    .trim()
    .min(1)
    .max(200)
    .transform((v) => stripBidiControls(v))
    .optional(),
  allowedOrigins: z.array(origin).max(50).optional(),
  verifiedListings: z.boolean().optional(),
  inboxUrl: textSchema
    .max(LIMITS.listingUrlMaxChars)
    .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), { message: 'inboxUrl must be an http(s) URL' })
    .nullable()
    .optional(),
  emailDelaySeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  emailPreviews: z.boolean().optional(),
});

/** `GET /admin/reports`. */
export const listReportsQuery = z.strictObject({
  status: z.enum(['open', 'resolved']).default('open'),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
});

/** `POST /admin/reports/:id/resolve`. */
export const resolveReportSchema = z.strictObject({ action: z.enum(['dismiss', 'delete_message', 'suspend_user']) });

/** `PUT /admin/users/:id/suspension`. */
export const suspensionSchema = z.strictObject({ suspended: z.boolean() });

/** `POST /admin/webhooks`: an endpoint URL (checked as the site CLI checks it) and the event types it wants. */
export const addWebhookSchema = z.strictObject({
  url: textSchema.max(2048).transform((value, ctx) => {
    try {
      return checkEndpointUrl(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message.replace('--url', 'url') });
      return z.NEVER;
    }
  }),
  /** No events: every type. */
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES as unknown as [WebhookEventType, ...WebhookEventType[]]))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .optional(),
});
