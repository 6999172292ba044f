// The server API under /api/v1/admin: what a marketplace's backend calls with its API key.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS, type SiteSettings } from '../../../protocol/index.ts';
import { notFound, ParleyError } from '../errors.ts';
import type { Site, SitesRepository } from '../identity/sites.repository.ts';
import { jsonBody, pathId, queryParams } from '../http/request.ts';
import type { ListingsService } from '../listings/listings.service.ts';
import type { ModerationAdminService } from '../moderation/moderation-admin.service.ts';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import type { WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository.ts';
import { adminWebhookRoutes } from './admin-webhooks.routes.ts';
import type { UserDataService } from './user-data.service.ts';
import type { RateBudget } from '../rate-limit.ts';
import { apiKeyAuth } from './admin-auth.ts';
import type { AdminEnv } from './admin-env.ts';
import {
  listReportsQuery,
  patchSiteSchema,
  postSystemMessageSchema,
  putListingSchema,
  resolveReportSchema,
  suspensionSchema,
} from './admin.schemas.ts';
import type { ApiKeysRepository } from './api-keys.repository.ts';

export interface AdminRoutesOptions {
  keys: Pick<ApiKeysRepository, 'siteOf'>;
  /** The per-site allowance of server API requests. */
  budget: RateBudget;
  sites: Pick<SitesRepository, 'get' | 'update' | 'updateSafety' | 'updateEmail'>;
  listings: ListingsService;
  moderation: ModerationAdminService;
  userData: UserDataService;
  /** Webhook endpoints and the job queue their failed deliveries stay in. */
  webhooks: { endpoints: WebhookEndpointsRepository; jobs: JobsRepository };
}

/** A site as the server API shows it: its settings, never its token secret. */
function toSettings(site: Site): SiteSettings {
  return {
    id: site.id,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    verifiedListings: site.verifiedListings,
    inboxUrl: site.email.inboxUrl,
    emailDelaySeconds: site.email.delaySeconds,
    emailPreviews: site.email.previews,
    ...site.safety,
  };
}

/**
 * `/admin/…` routes, to mount under the API prefix. No CORS: browsers are not meant to call them
 * (an API key never belongs in a page).
 */
export function adminRoutes({ keys, budget, sites, listings, moderation, userData, webhooks }: AdminRoutesOptions) {
  return (
    new Hono<AdminEnv>()
      .use(
        bodyLimit({
          maxSize: LIMITS.maxPayloadBytes,
          onError: () => {
            throw new ParleyError('payload_too_large', `The body is larger than ${LIMITS.maxPayloadBytes} bytes.`);
          },
        }),
      )
      .use(apiKeyAuth(keys, budget))
      .get('/site', async (c) => {
        const site = await sites.get(c.var.siteId);
        if (!site) throw notFound('site');
        return c.json({ site: toSettings(site) });
      })
      .patch('/site', async (c) => {
        const { name, allowedOrigins, verifiedListings, inboxUrl, emailDelaySeconds, emailPreviews, ...safety } = await jsonBody(
          c,
          patchSiteSchema,
        );
        let site = await sites.update(c.var.siteId, { name, allowedOrigins, verifiedListings });
        if (site && Object.values(safety).some((v) => v !== undefined)) site = await sites.updateSafety(c.var.siteId, safety);
        const email = { inboxUrl, emailDelaySeconds, emailPreviews };
        if (site && Object.values(email).some((v) => v !== undefined)) site = await sites.updateEmail(c.var.siteId, email);
        if (!site) throw notFound('site');
        return c.json({ site: toSettings(site) });
      })
      .put('/listings/:id', async (c) => {
        const id = pathId(c, 'id');
        const input = await jsonBody(c, putListingSchema);
        const listing = await listings.register(c.var.siteId, { id, ...input });
        return c.json({ listing });
      })
      .post('/conversations/:id/messages', async (c) => {
        const id = pathId(c, 'id');
        const { text } = await jsonBody(c, postSystemMessageSchema);
        return c.json({ message: await listings.postText(c.var.siteId, id, text) }, 201);
      })
      .get('/reports', async (c) => {
        const { status, limit } = queryParams(c, listReportsQuery);
        return c.json({ reports: await moderation.reports(c.var.siteId, status, limit) });
      })
      .post('/reports/:id/resolve', async (c) => {
        const id = pathId(c, 'id');
        const { action } = await jsonBody(c, resolveReportSchema);
        return c.json({ report: await moderation.resolve(c.var.siteId, id, action) });
      })
      .put('/users/:id/suspension', async (c) => {
        const id = pathId(c, 'id');
        const { suspended } = await jsonBody(c, suspensionSchema);
        await moderation.suspend(c.var.siteId, id, suspended);
        return c.body(null, 204);
      })
      .get('/users/:id/export', async (c) => c.json(await userData.export(c.var.siteId, pathId(c, 'id'))))
      .delete('/users/:id', async (c) => {
        await userData.erase(c.var.siteId, pathId(c, 'id'));
        return c.body(null, 204);
      })
      .route('/', adminWebhookRoutes(webhooks.endpoints, webhooks.jobs))
      // Here rather than falling through to the user routes, which would read the key as a user's token.
      .all('/*', () => {
        throw new ParleyError('not_found', 'No such route.');
      })
  );
}
