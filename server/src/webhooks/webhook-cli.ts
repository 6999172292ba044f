// `npm run site -- webhook add|list|rotate|remove|failed|retry …`: a site's webhook endpoints and failed deliveries.
import { parseArgs } from 'node:util';
import type { Sql } from '../db/sql.ts';
import { JobsRepository } from '../jobs/jobs.repository.ts';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, WEBHOOK_JOB_KIND, type WebhookJobPayload } from './webhook-events.ts';

/** How the webhook commands are called. */
export const WEBHOOK_USAGE = `usage: npm run site -- webhook <command> --site <id> …
  add --url <https url> [--event <type>]…   (no --event: every type: ${WEBHOOK_EVENT_TYPES.join(', ')})
  list
  rotate --endpoint <id>                     (the previous secret keeps signing for 24 h)
  remove --endpoint <id>
  failed                                     (deliveries that gave up)
  retry --job <id>                           (try a failed delivery again)`;

/** Checks an endpoint URL: http(s), no credentials, no fragment. Returns it normalised, or throws. */
export function checkEndpointUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('--url must be an http(s) URL');
  if (url.username || url.password) throw new Error('--url must not carry credentials');
  if (url.hash) throw new Error('--url must not have a fragment');
  return url.href;
}

/** Runs one webhook command; resolves with the process exit code. Results go to `print`, refusals to `warn`. */
export async function runWebhookCommand(
  args: string[],
  sql: Sql,
  print: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      url: { type: 'string' },
      event: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      job: { type: 'string' },
    },
  });
  const command = positionals[0];
  const siteId = values.site;
  if (!siteId || !command) {
    warn(WEBHOOK_USAGE);
    return 2;
  }
  const [site] = await sql`SELECT 1 FROM sites WHERE id = ${siteId}`;
  if (!site) {
    warn(`no site "${siteId}"`);
    return 1;
  }
  const endpoints = new WebhookEndpointsRepository(sql);
  const jobs = new JobsRepository(sql);
  const bySite = { event: { siteId } };
  switch (command) {
    case 'add': {
      if (!values.url) break;
      let url: string;
      try {
        url = checkEndpointUrl(values.url);
      } catch (err) {
        warn((err as Error).message);
        return 2;
      }
      const events = values.event ?? [...WEBHOOK_EVENT_TYPES];
      const unknown = events.filter((e) => !isWebhookEventType(e));
      if (unknown.length) {
        warn(`unknown event type: ${unknown.join(', ')} (known: ${WEBHOOK_EVENT_TYPES.join(', ')})`);
        return 2;
      }
      const { id, secret } = await endpoints.add(siteId, url, [...new Set(events)].filter(isWebhookEventType));
      print(`endpoint id: ${id}`);
      print(`endpoint secret: ${secret}`);
      print(`events: ${events.join(', ')}`);
      if (url.startsWith('http:')) print('warning: http sends events unencrypted; use https outside a private network');
      return 0;
    }
    case 'list': {
      for (const e of await endpoints.list(siteId)) {
        print(`${e.id}  ${e.url}  ${e.events.join(',')}${e.secrets.length > 1 ? '  (rotating: two secrets sign)' : ''}`);
      }
      return 0;
    }
    case 'rotate': {
      if (!values.endpoint) break;
      const rotated = await endpoints.rotate(siteId, values.endpoint);
      if (!rotated) {
        warn(`no endpoint "${values.endpoint}" on site "${siteId}"`);
        return 1;
      }
      print(`endpoint secret: ${rotated.secret}`);
      print(`the previous secret also signs until ${rotated.previousValidUntil.toISOString()}`);
      return 0;
    }
    case 'remove': {
      if (!values.endpoint) break;
      const removed = await endpoints.remove(siteId, values.endpoint);
      print(removed ? `removed ${values.endpoint}` : `no endpoint "${values.endpoint}" on site "${siteId}"`);
      return removed ? 0 : 1;
    }
    case 'failed': {
      for (const job of await jobs.failed([WEBHOOK_JOB_KIND], 100, bySite)) {
        const { endpointId, event } = job.payload as WebhookJobPayload;
        print(
          `job ${job.id}  ${event.type}  ${event.id}  to ${endpointId}  after ${job.attempts} attempts: ${job.lastError ?? ''}`,
        );
      }
      return 0;
    }
    case 'retry': {
      const id = Number(values.job);
      if (!Number.isSafeInteger(id)) break;
      const requeued = await jobs.requeue(id, [WEBHOOK_JOB_KIND], bySite);
      print(requeued ? `job ${id} queued again` : `no failed delivery ${id} on site "${siteId}"`);
      return requeued ? 0 : 1;
    }
  }
  warn(WEBHOOK_USAGE);
  return 2;
}
