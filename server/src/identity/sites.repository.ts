// Sites (one per marketplace): lookup with a short cache, creation with a fresh secret.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql.ts';

/** A marketplace allowed to sign tokens for Parley. */
export interface Site {
  id: string;
  name: string;
  secret: string;
  allowedOrigins: string[];
}

interface SiteRow {
  id: string;
  name: string;
  secret: string;
  allowed_origins: string[];
}

const toSite = (r: SiteRow): Site => ({ id: r.id, name: r.name, secret: r.secret, allowedOrigins: r.allowed_origins });

export interface SitesRepositoryOptions {
  /** How long a looked-up site (or its absence) is remembered. */
  cacheMs?: number;
}

/** Reads sites, remembering them for a few seconds: every handshake and request needs one. */
export class SitesRepository {
  readonly #sql: Sql;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, { site: Site | null; at: number }>();
  #origins: { set: Set<string>; at: number } | null = null;

  constructor(sql: Sql, { cacheMs = 30_000 }: SitesRepositoryOptions = {}) {
    this.#sql = sql;
    this.#cacheMs = cacheMs;
  }

  /** The site with this id, or null. */
  async get(id: string): Promise<Site | null> {
    const hit = this.#cache.get(id);
    if (hit && Date.now() - hit.at < this.#cacheMs) return hit.site;
    const [row] = await this.#sql<SiteRow[]>`SELECT id, name, secret, allowed_origins FROM sites WHERE id = ${id}`;
    const site = row ? toSite(row) : null;
    this.#cache.set(id, { site, at: Date.now() });
    return site;
  }

  /** Every origin any site allows: what CORS preflights and handshakes are checked against first. */
  async allOrigins(): Promise<Set<string>> {
    if (this.#origins && Date.now() - this.#origins.at < this.#cacheMs) return this.#origins.set;
    const rows = await this.#sql<{ origin: string }[]>`SELECT DISTINCT unnest(allowed_origins) AS origin FROM sites`;
    this.#origins = { set: new Set(rows.map((r) => r.origin)), at: Date.now() };
    return this.#origins.set;
  }

  /** Creates a site, or updates its name and origins when `id` exists (keeping its secret). */
  async upsert(input: { id: string; name: string; allowedOrigins: string[]; secret?: string }): Promise<Site> {
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    const [row] = await this.#sql<SiteRow[]>`
      INSERT INTO sites (id, name, secret, allowed_origins)
      VALUES (${input.id}, ${input.name}, ${secret}, ${input.allowedOrigins})
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, allowed_origins = EXCLUDED.allowed_origins
      RETURNING id, name, secret, allowed_origins`;
    this.#cache.clear();
    this.#origins = null;
    return toSite(row!);
  }
}

/** Normalises an origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) origin: ${origin}`);
  return url.origin;
}
