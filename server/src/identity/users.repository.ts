// Users are upserted from each token: name and picture always follow the newest token.
import type { Sql } from '../db/sql.ts';
import { BoundedCache } from './bounded-cache.ts';

/** The identity a verified token gives. */
export interface TokenUser {
  siteId: string;
  userId: string;
  name: string | null;
  picture: string | null;
  /** Where notification emails go (the `email` claim): never shown to anyone else. */
  email?: string | null;
  /** The language of those emails (the `locale` claim), lower case. */
  locale?: string | null;
}

/** Writes users, skipping the write when nothing changed since the last one this process made. */
export class UsersRepository {
  readonly #sql: Sql;
  /** `${site}\n${user}` → `${name}\n${picture}` last written; bounded so it cannot grow forever. */
  readonly #written = new Map<string, string>();
  readonly #maxRemembered: number;
  /**
   * Whether a user is suspended, remembered 5 s: every request asks. This process forgets at once
   * what it changes; other processes within 5 s (their sockets are cut at once through the adapter).
   */
  readonly #suspended = new BoundedCache<string, boolean>({ maxEntries: 50_000, ttlMs: 5_000 });

  constructor(sql: Sql, maxRemembered = 50_000) {
    this.#sql = sql;
    this.#maxRemembered = maxRemembered;
  }

  /** True when the site's moderators suspended this user. */
  async isSuspended(siteId: string, userId: string): Promise<boolean> {
    const key = `${siteId}\n${userId}`;
    const known = this.#suspended.get(key);
    if (known !== undefined) return known;
    const [row] = await this.#sql<{ suspended: boolean }[]>`
      SELECT suspended_at IS NOT NULL AS suspended FROM users WHERE site_id = ${siteId} AND id = ${userId}`;
    const suspended = row?.suspended ?? false;
    this.#suspended.set(key, suspended);
    return suspended;
  }

  /** Suspends a user or lifts it; false when the site has no such user. */
  async setSuspended(siteId: string, userId: string, suspended: boolean): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE users SET suspended_at = CASE WHEN ${suspended} THEN coalesce(suspended_at, now()) ELSE NULL END
      WHERE site_id = ${siteId} AND id = ${userId} RETURNING 1`;
    this.#suspended.delete(`${siteId}\n${userId}`);
    return rows.length > 0;
  }

  /**
   * Creates or refreshes the user a token names (name, picture, email, locale). True when the stored
   * name or picture changed (or the user is new), what the other party sees; false when the database
   * already held them, so that only one of several concurrent requests (or processes) bringing the same
   * change is told of it. The email and locale are stored but never make a profile change.
   */
  async upsertFromToken(user: TokenUser): Promise<boolean> {
    const email = user.email ?? null;
    const locale = user.locale ?? null;
    const key = `${user.siteId}\n${user.userId}`;
    const value = JSON.stringify([user.name, user.picture, email, locale]);
    if (this.#written.get(key) === value) return false;
    const written = await this.#sql<{ profile_changed: boolean }[]>`
      WITH old AS (SELECT name, picture FROM users WHERE site_id = ${user.siteId} AND id = ${user.userId})
      INSERT INTO users (site_id, id, name, picture, email, locale)
      VALUES (${user.siteId}, ${user.userId}, ${user.name}, ${user.picture}, ${email}, ${locale})
      ON CONFLICT (site_id, id) DO UPDATE
        SET name = EXCLUDED.name, picture = EXCLUDED.picture, email = EXCLUDED.email, locale = EXCLUDED.locale
      WHERE users.name IS DISTINCT FROM EXCLUDED.name OR users.picture IS DISTINCT FROM EXCLUDED.picture
         OR users.email IS DISTINCT FROM EXCLUDED.email OR users.locale IS DISTINCT FROM EXCLUDED.locale
      RETURNING NOT EXISTS (
        SELECT 1 FROM old WHERE old.name IS NOT DISTINCT FROM ${user.name}::text
                            AND old.picture IS NOT DISTINCT FROM ${user.picture}::text) AS profile_changed`;
    if (this.#written.size >= this.#maxRemembered) this.#written.clear();
    this.#written.set(key, value);
    return written[0]?.profile_changed ?? false;
  }

  /** Records when a user's last socket went away. */
  async touchLastSeen(siteId: string, userId: string, at: Date): Promise<void> {
    await this.#sql`UPDATE users SET last_seen_at = ${at} WHERE site_id = ${siteId} AND id = ${userId}`;
  }

  /** When each of these users was last seen (null when never). */
  async lastSeen(siteId: string, userIds: string[]): Promise<Map<string, string | null>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.#sql<{ id: string; last_seen_at: Date | null }[]>`
      SELECT id, last_seen_at FROM users WHERE site_id = ${siteId} AND id = ANY(${userIds})`;
    return new Map(rows.map((r) => [r.id, r.last_seen_at?.toISOString() ?? null]));
  }
}
