// The digest job: after the delay, one email covering the recipient's messages still unread, and `user.unread`.
import type { Sql } from '../db/sql.ts';
import { type JobHandler, PermanentJobError } from '../jobs/job-runner.ts';
import { JobsRepository } from '../jobs/jobs.repository.ts';
import type { Logger } from '../logger.ts';
import { enqueueWebhookEvent } from '../webhooks/webhook-events.ts';
import { type DigestConversation, renderDigestEmail } from './digest-email.ts';
import { DIGEST_JOB_KIND, DIGEST_MAX_AGE_SECONDS, digestKey } from './digest-key.ts';
import { DigestRepository, type UnnotifiedMessage } from './digest.repository.ts';
import { type EmailLocales, emailLocales, pickLocale } from './email-locales.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';
import { type Recipient, RecipientsRepository } from './recipients.repository.ts';
import { unsubscribeUrl } from './unsubscribe-link.ts';

export interface DigestJobOptions {
  sql: Sql;
  /** Null: email is off; the job still sends `user.unread` to the site's endpoints. */
  mailer: Mailer | null;
  /** PARLEY_EMAIL_DELAY, for sites that set none. */
  defaultDelaySeconds: number;
  /** The server's public origin, for unsubscribe links. */
  publicUrl: () => string;
  logger: Logger;
}

/** `<inbox URL>?parley-conversation=<id>` (other query parameters kept), or null without an inbox URL. */
export function conversationLink(inboxUrl: string | null, conversationId: string): string | null {
  if (!inboxUrl) return null;
  const url = new URL(inboxUrl);
  url.searchParams.set('parley-conversation', conversationId);
  return url.href;
}

function readPayload(payload: unknown): { siteId: string; userId: string } {
  const p = payload as { siteId?: unknown; userId?: unknown } | null;
  if (typeof p?.siteId !== 'string' || typeof p.userId !== 'string') throw new PermanentJobError('malformed digest payload');
  return { siteId: p.siteId, userId: p.userId };
}

/**
 * Runs a recipient's digest, a delay after the first message that scheduled it: it covers every
 * message then awaiting a digest (unread, not emailed yet, not muted, not from a blocked sender), so
 * the ones that came during the window share the email. The email goes first; then, in the
 * transaction that completes the job, the conversations are marked covered, `user.unread` is queued
 * for the endpoints listening, and, if a message arrived while the email was being sent, the next
 * digest is queued a delay later. A failed email leaves everything as it was, and the job is retried.
 */
export function digestJobHandler(options: DigestJobOptions): JobHandler {
  const digests = new DigestRepository(options.sql);
  const recipients = new RecipientsRepository(options.sql);
  const jobs = new JobsRepository(options.sql);
  return {
    kind: DIGEST_JOB_KIND,
    retry: { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 },
    async run(job, { now }) {
      const { siteId, userId } = readPayload(job.payload);
      const recipient = await recipients.get(siteId, userId);
      if (!recipient) return;
      const delayMs = (recipient.site.emailDelaySeconds ?? options.defaultDelaySeconds) * 1000;
      const covered = await digests.unnotified(siteId, userId);
      if (covered.length > 0 && options.mailer && recipient.email && !recipient.unsubscribedAt) {
        await options.mailer.send(digestMail(recipient, covered, options, await emailLocales()));
        options.logger.info({ siteId, userId, messages: covered.length }, 'digest email sent');
      }
      return async (tx) => {
        const positions = new Map<string, number>();
        for (const m of covered) positions.set(m.conversationId, Math.max(positions.get(m.conversationId) ?? 0, m.seq));
        await digests.markNotified(tx, userId, positions);
        if (positions.size > 0) {
          const counts = await digests.unreadCounts(tx, siteId, userId, [...positions.keys()]);
          const conversations = [...counts].map(([id, unread]) => ({ id, unread }));
          const total = conversations.reduce((sum, c) => sum + c.unread, 0);
          if (total > 0) {
            await enqueueWebhookEvent(tx, {
              siteId,
              type: 'user.unread',
              data: { userId, total, conversations },
              at: new Date(now),
            });
          }
        }
        if (await digests.anyAwaiting(tx, siteId, userId)) {
          const due = now + delayMs;
          await jobs.enqueue(
            {
              kind: DIGEST_JOB_KIND,
              payload: { siteId, userId },
              coalesceKey: digestKey(siteId, userId),
              dueAt: new Date(due),
              maxAgeSeconds: DIGEST_MAX_AGE_SECONDS,
            },
            tx,
          );
        }
      };
    },
  };
}

/** The email for these messages, in the recipient's language. */
function digestMail(
  recipient: Recipient,
  messages: UnnotifiedMessage[],
  options: DigestJobOptions,
  locales: EmailLocales,
): OutgoingMail {
  const conversations = new Map<string, DigestConversation>();
  for (const m of messages) {
    let c = conversations.get(m.conversationId);
    if (!c) {
      c = {
        id: m.conversationId,
        listingTitle: m.listingTitle,
        senderName: m.senderName,
        link: conversationLink(recipient.site.inboxUrl, m.conversationId),
        messages: [],
      };
      conversations.set(m.conversationId, c);
    }
    c.messages.push({ body: m.body, createdAt: m.createdAt });
  }
  const unsubscribe = unsubscribeUrl(options.publicUrl(), recipient.site, recipient.userId);
  const email = renderDigestEmail({
    strings: pickLocale(locales, recipient.locale),
    siteName: recipient.site.name,
    recipientName: recipient.name,
    previews: recipient.site.emailPreviews,
    conversations: [...conversations.values()],
    unsubscribeUrl: unsubscribe,
  });
  return {
    to: recipient.email!,
    ...email,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
