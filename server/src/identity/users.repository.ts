// Users are upserted from each token: name and picture always follow the newest token.
import type { Sql } from '../db/sql.ts';

/** The identity a verified token gives. */
export interface TokenUser {
  siteId: string;
  userId: string;
  name: string | null;
  picture: string | null;
}

/** Writes users, skipping the write when nothing changed since the last one this process made. */
export class UsersRepository {
  readonly #sql: Sql;
  /** `${site}\n${user}` → `${name}\n${picture}` last written; bounded so it cannot grow forever. */
  readonly #written = new Map<string, string>();
  readonly #maxRemembered: number;

  constructor(sql: Sql, maxRemembered = 50_000) {
    this.#sql = sql;
    this.#maxRemembered = maxRemembered;
  }

  /**
   * Creates or refreshes the user a token names. True when the stored name or picture changed (or the
   * user is new); false when the database already held them, so that only one of several concurrent
   * requests (or processes) bringing the same change is told of it.
   */
  async upsertFromToken(user: TokenUser): Promise<boolean> {
    const key = `${user.siteId}\n${user.userId}`;
    const value = `${user.name}\n${user.picture}`;
    if (this.#written.get(key) === value) return false;
    const written = await this.#sql`
      INSERT INTO users (site_id, id, name, picture) VALUES (${user.siteId}, ${user.userId}, ${user.name}, ${user.picture})
      ON CONFLICT (site_id, id) DO UPDATE SET name = EXCLUDED.name, picture = EXCLUDED.picture
      WHERE users.name IS DISTINCT FROM EXCLUDED.name OR users.picture IS DISTINCT FROM EXCLUDED.picture
      RETURNING 1`;
    if (this.#written.size >= this.#maxRemembered) this.#written.clear();
    this.#written.set(key, value);
    return written.length > 0;
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
