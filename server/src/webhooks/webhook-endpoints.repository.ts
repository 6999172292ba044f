// SQL for a site's webhook endpoints: add, list, rotate a secret, remove.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import type { WebhookEventType } from './webhook-events.ts';

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

/** An endpoint as a delivery needs it. */
export interface WebhookEndpoint {
  id: string;
  siteId: string;
  url: string;
  events: WebhookEventType[];
  /** Secrets that sign a delivery now: the current one, and the previous one during a rotation. */
  secrets: string[];
  createdAt: Date;
}

interface EndpointRow {
  id: string;
  site_id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function toEndpoint(row: EndpointRow, now: Date): WebhookEndpoint {
  const previousValid = row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > now;
  return {
    id: row.id,
    siteId: row.site_id,
    url: row.url,
    events: row.events,
    secrets: previousValid ? [row.secret, row.previous_secret!] : [row.secret],
    createdAt: row.created_at,
  };
}

/** Webhook endpoints, each scoped to its site. */
export class WebhookEndpointsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Adds an endpoint listening to `events`; returns it with its new secret. */
  async add(siteId: string, url: string, events: WebhookEventType[]): Promise<{ id: string; secret: string }> {
    const id = `we_${randomBytes(8).toString('hex')}`;
    const secret = newSecret();
    await this.#sql`
      INSERT INTO webhook_endpoints (id, site_id, url, events, secret) VALUES (${id}, ${siteId}, ${url}, ${events}, ${secret})`;
    return { id, secret };
  }

  /** One endpoint (secrets valid at `now`), or null. */
  async get(id: string, now = new Date()): Promise<WebhookEndpoint | null> {
    const [row] = await this.#sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE id = ${id}`;
    return row ? toEndpoint(row, now) : null;
  }

  /** A site's endpoints, oldest first. */
  async list(siteId: string, now = new Date()): Promise<WebhookEndpoint[]> {
    const rows = await this.#sql<
      EndpointRow[]
    >`SELECT * FROM webhook_endpoints WHERE site_id = ${siteId} ORDER BY created_at, id`;
    return rows.map((row) => toEndpoint(row, now));
  }

  /**
   * Gives the endpoint a new secret; the old one keeps signing (a second `v1`) for
   * {@link ROTATION_OVERLAP_MS}. Null when the site has no such endpoint.
   */
  async rotate(siteId: string, id: string, now = new Date()): Promise<{ secret: string; previousValidUntil: Date } | null> {
    const secret = newSecret();
    const until = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    const rows = await this.#sql`
      UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = ${until}, secret = ${secret}
      WHERE id = ${id} AND site_id = ${siteId} RETURNING 1`;
    return rows.length ? { secret, previousValidUntil: until } : null;
  }

  /** Removes an endpoint (its pending deliveries are dropped when they run). False when there was none. */
  async remove(siteId: string, id: string): Promise<boolean> {
    const rows = await this.#sql`DELETE FROM webhook_endpoints WHERE id = ${id} AND site_id = ${siteId} RETURNING 1`;
    return rows.length > 0;
  }
}
