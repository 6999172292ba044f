// Per-site API keys for the server API: created (shown once), checked by their hash, listed, revoked.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql.ts';

/** What every key starts with, so that one pasted in the wrong place is recognised (and found by secret scanners). */
export const API_KEY_PREFIX = 'parley_sk_';

/** A key as listed: never the key itself, which only its creator saw. */
export interface ApiKeyInfo {
  id: string;
  siteId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  site_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toInfo = (r: ApiKeyRow): ApiKeyInfo => ({
  id: r.id,
  siteId: r.site_id,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** SHA-256 of a key, hex: what is stored and looked up. */
function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** API keys; a key acts for its own site only. */
export class ApiKeysRepository {
  readonly #sql: Sql;
  /** Last-used times are written at most once a minute per key: a busy backend must not write on every call. */
  readonly #touched = new Map<string, number>();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Creates a key for `siteId`: returns it in full, the only time it exists outside its holder. */
  async create(siteId: string): Promise<{ id: string; key: string }> {
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = `key_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await this.#sql`INSERT INTO api_keys (id, site_id, key_hash) VALUES (${id}, ${siteId}, ${hashOf(key)})`;
    return { id, key };
  }

  /** The site a key acts for, or null when it is unknown or revoked. */
  async siteOf(key: string): Promise<string | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const [row] = await this.#sql<{ id: string; site_id: string }[]>`
      SELECT id, site_id FROM api_keys WHERE key_hash = ${hashOf(key)} AND revoked_at IS NULL`;
    if (!row) return null;
    const now = Date.now();
    if (now - (this.#touched.get(row.id) ?? 0) > 60_000) {
      this.#touched.set(row.id, now);
      await this.#sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${row.id}`;
    }
    return row.site_id;
  }

  /** A site's keys, newest first. */
  async list(siteId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.#sql<ApiKeyRow[]>`
      SELECT id, site_id, created_at, last_used_at, revoked_at FROM api_keys WHERE site_id = ${siteId} ORDER BY created_at DESC`;
    return rows.map(toInfo);
  }

  /** Revokes a key of `siteId`; false when there is no such key. */
  async revoke(siteId: string, id: string): Promise<boolean> {
    const rows = await this.#sql`
      UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ${id} AND site_id = ${siteId} RETURNING id`;
    return rows.length > 0;
  }
}
