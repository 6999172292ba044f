// Webhook events: their types, their envelope, and how a change writes them in its own transaction.
import { randomUUID } from 'node:crypto';
import type { Sql, SqlFragment } from '../db/sql.ts';
import type { Tx } from '../jobs/jobs.repository.ts';

/** Every event type an endpoint may listen to. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'message.deleted',
  'conversation.created',
  'conversation.read',
  'report.created',
  'user.unread',
] as const;

/** One of {@link WEBHOOK_EVENT_TYPES}. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The kind of the jobs that deliver one event to one endpoint. */
export const WEBHOOK_JOB_KIND = 'webhook';

/** What is POSTed: the same `id` on every attempt, so that a receiver can drop a repeat. */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  siteId: string;
  data: unknown;
}

/** The payload of a delivery job. */
export interface WebhookJobPayload {
  endpointId: string;
  event: WebhookEnvelope;
}

/** True for a known event type. */
export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** A fresh event id. */
export function newEventId(): string {
  return `evt_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Queues `type` with `data` for every endpoint of `siteId` that listens to it, in `tx` (so the events
 * commit with the change, or not at all). Writes nothing when no endpoint listens.
 */
export async function enqueueWebhookEvent(
  tx: Sql | Tx,
  event: { siteId: string; type: WebhookEventType; data: unknown; at?: Date },
): Promise<void> {
  const envelope: WebhookEnvelope = {
    id: newEventId(),
    type: event.type,
    createdAt: (event.at ?? new Date()).toISOString(),
    siteId: event.siteId,
    data: event.data,
  };
  await tx`
    INSERT INTO jobs (kind, payload)
    SELECT ${WEBHOOK_JOB_KIND}, jsonb_build_object('endpointId', e.id, 'event', ${tx.json(envelope as never)}::jsonb)
    FROM webhook_endpoints e WHERE e.site_id = ${event.siteId} AND ${event.type}::text = ANY(e.events)`;
}

/** How a statement's rows become events: see {@link webhookEventCtes}. */
export interface WebhookEventSource {
  /** A name for the CTEs added (unique in the statement). */
  name: string;
  type: WebhookEventType;
  /** The CTE (or table) whose rows each make one event. */
  from: string;
  /** The site of a row, written against `from` (`msg.site_id`). */
  siteId: SqlFragment;
  /** The event's `data` as jsonb, written against `from`. */
  data: SqlFragment;
}

/**
 * CTEs to append to a statement's WITH list (they begin with a comma): each row of `from` becomes one
 * event (one id), queued as a delivery job for every endpoint of its site listening to `type`. Part
 * of the statement, so part of its transaction; a site without such an endpoint writes nothing.
 */
export function webhookEventCtes(sql: Sql, source: WebhookEventSource): SqlFragment {
  const events = sql(`${source.name}_events`);
  return sql`, ${events} AS (
      SELECT 'evt_' || replace(gen_random_uuid()::text, '-', '') AS id, ${source.siteId} AS site_id, ${source.data} AS data
      FROM ${sql(source.from)}
      WHERE EXISTS (SELECT 1 FROM webhook_endpoints we WHERE we.site_id = ${source.siteId} AND ${source.type}::text = ANY(we.events))
    ), ${sql(source.name)} AS (
      INSERT INTO jobs (kind, payload)
      SELECT ${WEBHOOK_JOB_KIND}, jsonb_build_object('endpointId', e.id, 'event', jsonb_build_object(
        'id', ev.id, 'type', ${source.type}::text,
        'createdAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'siteId', ev.site_id, 'data', ev.data))
      FROM ${events} ev JOIN webhook_endpoints e ON e.site_id = ev.site_id AND ${source.type}::text = ANY(e.events)
    )`;
}
