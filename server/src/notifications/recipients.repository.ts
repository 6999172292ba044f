// SQL for who gets emails: a user's address, language and subscription, with their site's email settings.
import type { Sql } from '../db/sql.ts';

/** A site's settings that shape its emails. */
export interface SiteEmailSettings {
  id: string;
  name: string;
  secret: string;
  inboxUrl: string | null;
  /** Null: PARLEY_EMAIL_DELAY. */
  emailDelaySeconds: number | null;
  emailPreviews: boolean;
}

/** A user as the digest sees them. */
export interface Recipient {
  siteId: string;
  userId: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  unsubscribedAt: Date | null;
  site: SiteEmailSettings;
}

interface RecipientRow {
  name: string | null;
  email: string | null;
  locale: string | null;
  unsubscribed_at: Date | null;
  site_name: string;
  secret: string;
  inbox_url: string | null;
  email_delay_seconds: number | null;
  email_previews: boolean;
}

/** Reads recipients and records unsubscriptions. */
export class RecipientsRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The user and their site's settings, or null when either is gone. */
  async get(siteId: string, userId: string): Promise<Recipient | null> {
    const [row] = await this.#sql<RecipientRow[]>`
      SELECT u.name, u.email, u.locale, u.unsubscribed_at, s.name AS site_name, s.secret, s.inbox_url,
             s.email_delay_seconds, s.email_previews
      FROM users u JOIN sites s ON s.id = u.site_id
      WHERE u.site_id = ${siteId} AND u.id = ${userId}`;
    if (!row) return null;
    return {
      siteId,
      userId,
      name: row.name,
      email: row.email,
      locale: row.locale,
      unsubscribedAt: row.unsubscribed_at,
      site: {
        id: siteId,
        name: row.site_name,
        secret: row.secret,
        inboxUrl: row.inbox_url,
        emailDelaySeconds: row.email_delay_seconds,
        emailPreviews: row.email_previews,
      },
    };
  }

  /** Stops the digest emails to this user (the first time only: a repeat keeps the first date). */
  async unsubscribe(siteId: string, userId: string): Promise<void> {
    await this.#sql`
      UPDATE users SET unsubscribed_at = now() WHERE site_id = ${siteId} AND id = ${userId} AND unsubscribed_at IS NULL`;
  }
}
