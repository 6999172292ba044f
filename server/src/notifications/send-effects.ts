// What a send statement also writes, in its own transaction: the recipient's digest job and `message.created` events.
import type { SendEffects } from '../messages/inserted-message.ts';
import { messageJson } from '../messages/message-row.ts';
import { webhookEventCtes } from '../webhooks/webhook-events.ts';
import { DIGEST_JOB_KIND, DIGEST_MAX_AGE_SECONDS, digestKeySql } from './digest-key.ts';

export interface NotificationSendEffectsOptions {
  /** PARLEY_EMAIL_DELAY: for sites that set no delay of their own. */
  defaultDelaySeconds: number;
  /** Whether this process sends email: without it, digests are scheduled only for `user.unread` webhooks. */
  emailOn: boolean;
  /** The job runner's clock: due times are on it. */
  clock?: () => number;
}

/**
 * The send statement's extra CTEs. For each recipient of the stored messages who can be told (an
 * address, not unsubscribed, email on; or a site endpoint listening to `user.unread`) and has not muted
 * the conversation: a digest job due after the site's delay. At most one is queued per recipient: when
 * one is, the statement takes its row lock instead (a no-op update), so that a digest finishing at that
 * moment either sees this message or lets this statement queue the next digest. Then `message.created`
 * events for the site's endpoints that listen.
 */
export function notificationSendEffects({
  defaultDelaySeconds,
  emailOn,
  clock = Date.now,
}: NotificationSendEffectsOptions): SendEffects {
  return (sql, messages) => {
    const m = sql(messages);
    const now = new Date(clock());
    return sql`, notify_digest AS (
        INSERT INTO jobs (kind, payload, coalesce_key, due_at, max_age_seconds)
        SELECT DISTINCT ON (r.site_id, r.user_id)
               ${DIGEST_JOB_KIND}, jsonb_build_object('siteId', r.site_id, 'userId', r.user_id),
               ${digestKeySql(sql, sql`r.site_id`, sql`r.user_id`)},
               ${now}::timestamptz + make_interval(secs => COALESCE(s.email_delay_seconds, ${defaultDelaySeconds}::int)),
               ${DIGEST_MAX_AGE_SECONDS}
        FROM ${m} JOIN members r ON r.conversation_id = ${m}.conversation_id AND r.user_id <> ${m}.sender_id AND NOT r.muted
        JOIN users u ON u.site_id = r.site_id AND u.id = r.user_id
        JOIN sites s ON s.id = r.site_id
        WHERE (${emailOn}::boolean AND u.email IS NOT NULL AND u.unsubscribed_at IS NULL)
           OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.site_id = r.site_id AND 'user.unread' = ANY(e.events))
        ORDER BY r.site_id, r.user_id
        ON CONFLICT (coalesce_key) WHERE state = 'queued' DO UPDATE SET due_at = jobs.due_at
      ) ${webhookEventCtes(sql, {
        name: 'created_webhooks',
        type: 'message.created',
        from: messages,
        siteId: sql`${m}.site_id`,
        data: messageJson(sql, messages),
      })}`;
  };
}
