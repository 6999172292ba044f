// How the OpenAPI document describes the server API (admin.routes.ts, admin-webhooks.routes.ts), with the schemas they validate with.
import { z } from 'zod';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { messageModel } from '../api-docs/model-schemas.ts';
import {
  failedDeliveryModel,
  listingModel,
  reportViewModel,
  siteSettingsModel,
  userExportModel,
  webhookModel,
} from './admin-models.ts';
import {
  addWebhookSchema,
  listReportsQuery,
  patchSiteSchema,
  postSystemMessageSchema,
  putListingSchema,
  resolveReportSchema,
  suspensionSchema,
} from './admin.schemas.ts';

const siteBody = z.object({ site: siteSettingsModel });
const secret = z.string().meta({ description: 'Shown once: Parley signs deliveries with it, the receiver verifies with it.' });

const common = { auth: 'apiKey' } as const;

/** The routes of {@link adminRoutes} and {@link adminWebhookRoutes}, under `/admin`. */
export const adminRouteSpecs: RouteSpec[] = [
  {
    ...common,
    method: 'get',
    path: '/admin/site',
    tag: 'Server API: site',
    summary: "The key's site settings",
    responses: { 200: { description: 'The settings.', schema: siteBody } },
  },
  {
    ...common,
    method: 'patch',
    path: '/admin/site',
    tag: 'Server API: site',
    summary: 'Changes some settings, keeping the others',
    body: patchSiteSchema,
    responses: { 200: { description: 'The settings after the change.', schema: siteBody } },
  },
  {
    ...common,
    method: 'put',
    path: '/admin/listings/:id',
    tag: 'Server API: listings',
    summary: 'Registers a listing or replaces what was registered',
    description:
      'Every conversation about it gets the new card live (`conversation:updated`); a status change adds a system message in each reader’s language.',
    body: putListingSchema,
    responses: { 200: { description: 'The listing as registered.', schema: z.object({ listing: listingModel }) } },
  },
  {
    ...common,
    method: 'post',
    path: '/admin/conversations/:id/messages',
    tag: 'Server API: listings',
    summary: "Posts the site's own note in a conversation (a system message)",
    body: postSystemMessageSchema,
    responses: { 201: { description: 'Posted and pushed to both members.', schema: z.object({ message: messageModel }) } },
  },
  {
    ...common,
    method: 'get',
    path: '/admin/reports',
    tag: 'Server API: moderation',
    summary: 'The reports users filed, with the reported message and its neighbours',
    query: listReportsQuery,
    responses: { 200: { description: 'Newest first.', schema: z.object({ reports: z.array(reportViewModel) }) } },
  },
  {
    ...common,
    method: 'post',
    path: '/admin/reports/:id/resolve',
    tag: 'Server API: moderation',
    summary: 'Resolves a report: dismiss it, delete the message or suspend the user',
    body: resolveReportSchema,
    responses: { 200: { description: 'The resolved report.', schema: z.object({ report: reportViewModel }) } },
    errors: ['conflict'],
  },
  {
    ...common,
    method: 'put',
    path: '/admin/users/:id/suspension',
    tag: 'Server API: moderation',
    summary: 'Suspends a user (handshakes and sends refused with `suspended`) or lifts it',
    body: suspensionSchema,
    responses: { 204: { description: 'Done.' } },
  },
  {
    ...common,
    method: 'get',
    path: '/admin/users/:id/export',
    tag: 'Server API: personal data',
    summary: "A user's data (right of access)",
    responses: { 200: { description: 'Everything stored about the user.', schema: userExportModel } },
  },
  {
    ...common,
    method: 'delete',
    path: '/admin/users/:id',
    tag: 'Server API: personal data',
    summary: 'Erases a user (right of erasure)',
    description:
      'Their name, picture, email, message texts and photos are erased; their messages stay as tombstones so the other party’s numbering and unread counts stay right.',
    responses: { 204: { description: 'Erased.' } },
  },
  {
    ...common,
    method: 'get',
    path: '/admin/webhooks',
    tag: 'Server API: webhooks',
    summary: "The site's webhook endpoints",
    responses: { 200: { description: 'Never their secrets.', schema: z.object({ webhooks: z.array(webhookModel) }) } },
  },
  {
    ...common,
    method: 'post',
    path: '/admin/webhooks',
    tag: 'Server API: webhooks',
    summary: 'Adds a webhook endpoint',
    body: addWebhookSchema,
    responses: { 201: { description: 'Added.', schema: z.object({ webhook: webhookModel, secret }) } },
  },
  {
    ...common,
    method: 'post',
    path: '/admin/webhooks/:id/rotate',
    tag: 'Server API: webhooks',
    summary: 'Gives an endpoint a new secret; the previous one keeps signing for a while',
    responses: {
      200: {
        description: 'The new secret.',
        schema: z.object({ secret, previousValidUntil: z.string().meta({ format: 'date-time' }) }),
      },
    },
  },
  {
    ...common,
    method: 'delete',
    path: '/admin/webhooks/:id',
    tag: 'Server API: webhooks',
    summary: 'Removes a webhook endpoint',
    responses: { 204: { description: 'Removed.' } },
  },
  {
    ...common,
    method: 'get',
    path: '/admin/webhook-deliveries/failed',
    tag: 'Server API: webhooks',
    summary: 'Deliveries that failed for good (the latest 100)',
    responses: { 200: { description: 'Failed deliveries.', schema: z.object({ deliveries: z.array(failedDeliveryModel) }) } },
  },
  {
    ...common,
    method: 'post',
    path: '/admin/webhook-deliveries/:id/retry',
    tag: 'Server API: webhooks',
    summary: 'Queues a failed delivery again',
    params: z.object({ id: z.string().regex(/^\d+$/) }),
    responses: { 204: { description: 'Queued.' } },
  },
];
