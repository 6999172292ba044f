// `/api/v1/admin/webhooks…`: a site's webhook endpoints and failed deliveries, as the site CLI manages them.
import { Hono } from 'hono';
import { notFound } from '../errors.ts';
import { jsonBody, pathId } from '../http/request.ts';
import type { FailedJob, JobsRepository } from '../jobs/jobs.repository.ts';
import type { WebhookEndpoint, WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository.ts';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_JOB_KIND, type WebhookJobPayload } from '../webhooks/webhook-events.ts';
import type { AdminEnv } from './admin-env.ts';
import { addWebhookSchema } from './admin.schemas.ts';

/** An endpoint as listed: never its secrets. */
export const shown = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  events: e.events,
  rotating: e.secrets.length > 1,
  createdAt: e.createdAt.toISOString(),
});

/** A delivery that failed for good, as listed. */
export function shownDelivery(job: FailedJob) {
  const { endpointId, event } = job.payload as WebhookJobPayload;
  return { id: job.id, endpointId, eventId: event.id, type: event.type, attempts: job.attempts, lastError: job.lastError };
}

/** The webhook routes of the server API (the API key's site only). */
export function adminWebhookRoutes(endpoints: WebhookEndpointsRepository, jobs: JobsRepository) {
  const ofSite = (siteId: string) => ({ event: { siteId } });
  return new Hono<AdminEnv>()
    .get('/webhooks', async (c) => c.json({ webhooks: (await endpoints.list(c.var.siteId)).map(shown) }))
    .post('/webhooks', async (c) => {
      const { url, events } = await jsonBody(c, addWebhookSchema);
      const { id, secret } = await endpoints.add(c.var.siteId, url, [...new Set(events ?? WEBHOOK_EVENT_TYPES)]);
      const created = (await endpoints.list(c.var.siteId)).find((e) => e.id === id)!;
      // The secret is shown once, here: Parley signs with it, the receiver verifies with it.
      return c.json({ webhook: shown(created), secret }, 201);
    })
    .post('/webhooks/:id/rotate', async (c) => {
      const rotated = await endpoints.rotate(c.var.siteId, pathId(c, 'id'));
      if (!rotated) throw notFound('webhook');
      return c.json({ secret: rotated.secret, previousValidUntil: rotated.previousValidUntil.toISOString() });
    })
    .delete('/webhooks/:id', async (c) => {
      if (!(await endpoints.remove(c.var.siteId, pathId(c, 'id')))) throw notFound('webhook');
      return c.body(null, 204);
    })
    .get('/webhook-deliveries/failed', async (c) => {
      const failed = await jobs.failed([WEBHOOK_JOB_KIND], 100, ofSite(c.var.siteId));
      return c.json({
        deliveries: failed.map(shownDelivery),
      });
    })
    .post('/webhook-deliveries/:id/retry', async (c) => {
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id) || !(await jobs.requeue(id, [WEBHOOK_JOB_KIND], ofSite(c.var.siteId)))) {
        throw notFound('failed delivery');
      }
      return c.body(null, 204);
    });
}
