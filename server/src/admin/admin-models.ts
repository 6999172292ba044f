// The server API's answers as zod schemas, for the OpenAPI document, each checked against the type the routes return.
import { z } from 'zod';
import { WARNING_CODES, type Listing, type SiteSettings } from '../../../protocol/index.ts';
import { listingStatusModel, messageModel } from '../api-docs/model-schemas.ts';
import type { AllSame, Same } from '../api-docs/same-shape.ts';
import type { ReportView } from '../moderation/reports.repository.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/webhook-events.ts';
import type { shown, shownDelivery } from './admin-webhooks.routes.ts';
import type { UserExport } from './user-data.service.ts';

const int = z.number().int();
const isoDate = z.string().meta({ format: 'date-time' });

export const listingModel = z
  .object({
    id: z.string(),
    sellerId: z.string(),
    title: z.string(),
    price: z.string().nullable(),
    url: z.string().nullable(),
    imageUrl: z.string().nullable(),
    status: listingStatusModel,
    updatedAt: isoDate,
  })
  .meta({ id: 'Listing', description: "A listing as the site's server registered it." });

export const siteSettingsModel = z
  .object({
    id: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    verifiedListings: z.boolean(),
    contactMasking: z.enum(['off', 'mask']),
    helpUrl: z.string().nullable(),
    phoneCountry: z.string(),
    inboxUrl: z.string().nullable(),
    emailDelaySeconds: int.nullable(),
    emailPreviews: z.boolean(),
    rules: z.object({
      phrases: z.partialRecord(z.enum(WARNING_CODES), z.array(z.string())).optional(),
      shorteners: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'SiteSettings', description: "A site's settings (never its token secret)." });

export const reportViewModel = z
  .object({
    id: z.string(),
    reporterId: z.string(),
    reportedUserId: z.string(),
    conversationId: z.string(),
    messageId: z.string().nullable(),
    reason: z.string(),
    createdAt: isoDate,
    status: z.enum(['open', 'resolved']),
    resolution: z.enum(['dismiss', 'delete_message', 'suspend_user']).nullable(),
    context: z.array(messageModel).meta({ description: 'The reported message and up to 3 messages each side of it.' }),
  })
  .meta({ id: 'Report', description: 'A report as moderators see it.' });

export const userExportModel = z
  .object({
    user: z.object({
      id: z.string(),
      name: z.string().nullable(),
      picture: z.string().nullable(),
      email: z.string().nullable(),
      locale: z.string().nullable(),
      createdAt: isoDate,
      lastSeenAt: isoDate.nullable(),
      suspendedAt: isoDate.nullable(),
      unsubscribedAt: isoDate.nullable(),
    }),
    conversations: z.array(
      z.object({
        id: z.string(),
        role: z.enum(['buyer', 'seller']),
        listing: z.object({ id: z.string(), title: z.string().nullable() }),
        readSeq: int,
        archived: z.boolean(),
        muted: z.boolean(),
        createdAt: isoDate,
      }),
    ),
    messages: z.array(messageModel),
    reports: z.array(
      z.object({
        id: z.string(),
        conversationId: z.string(),
        messageId: z.string().nullable(),
        reason: z.string(),
        createdAt: isoDate,
      }),
    ),
    blocked: z.array(z.object({ userId: z.string(), createdAt: isoDate })),
    photos: z.array(
      z.object({
        id: z.string(),
        messageId: z.string().nullable(),
        conversationId: z.string().nullable(),
        width: int,
        height: int,
        bytes: int,
        createdAt: isoDate,
      }),
    ),
  })
  .meta({ id: 'UserExport', description: 'Everything Parley holds about one user of the site.' });

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES as unknown as [WebhookEventType, ...WebhookEventType[]]);

export const webhookModel = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(webhookEventType),
    rotating: z.boolean().meta({ description: 'A rotation is under way: the previous secret still signs too.' }),
    createdAt: isoDate,
  })
  .meta({ id: 'Webhook', description: 'A webhook endpoint (never its secrets).' });

export const failedDeliveryModel = z
  .object({
    id: int.meta({ description: 'Retry it with `POST /admin/webhook-deliveries/{id}/retry`.' }),
    endpointId: z.string(),
    eventId: z.string(),
    type: webhookEventType,
    attempts: int,
    lastError: z.string().nullable(),
  })
  .meta({ id: 'FailedDelivery' });

/** Fails to compile when a schema above and the type the routes answer with stop describing the same shape. */
export type AdminModelsMatch = AllSame<
  [
    Same<z.output<typeof listingModel>, Listing>,
    Same<z.output<typeof siteSettingsModel>, SiteSettings>,
    Same<z.output<typeof reportViewModel>, ReportView>,
    Same<z.output<typeof userExportModel>, UserExport>,
    Same<z.output<typeof webhookModel>, ReturnType<typeof shown>>,
    Same<z.output<typeof failedDeliveryModel>, ReturnType<typeof shownDelivery>>,
  ]
>;
