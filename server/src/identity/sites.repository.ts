// Sites (one per marketplace): lookup with a short, bounded cache, creation with a fresh secret.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import { type SiteSafety, siteSafetyFromRow, type SiteSafetyPatch } from '../safety/site-safety.ts';
import { BoundedCache } from './bounded-cache.ts';

/**
 * The demo site's id. Its secret is public (contract section 7), so it signs nobody in unless the
 * process runs in demo mode, whatever the database holds: a database first used by `npm start` must
 * not keep a back door once served by `npm run serve`.
 */
export const DEMO_SITE_ID = 'demo';

/** A marketplace allowed to sign tokens for Parley. */
export interface Site {
  id: string;
  name: string;
  secret: string;
  allowedOrigins: string[];
  /** Conversations open only about listings the site's server registered (see listings/). */
  verifiedListings: boolean;
  /** Contact masking, the help page of warnings, the phone country and rule extensions (contract section 11). */
  safety: SiteSafety;
  /** Emails to recipients who are away (docs/notifications.md); `delaySeconds` null: PARLEY_EMAIL_DELAY. */
  email: { inboxUrl: string | null; delaySeconds: number | null; previews: boolean };
}

/** The settings the site's server may change through the API (`PATCH /admin/site`). */
export type SiteSettingsPatch = Partial<Pick<Site, 'name' | 'allowedOrigins' | 'verifiedListings'>>;

interface SiteRow {
  id: string;
  name: string;
  secret: string;
  allowed_origins: string[];
  verified_listings: boolean;
  contact_masking: string | null;
  help_url: string | null;
  phone_country: string | null;
  safety_rules: unknown;
  inbox_url: string | null;
  email_delay_seconds: number | null;
  email_previews: boolean;
}

const toSite = (r: SiteRow): Site => ({
  id: r.id,
  name: r.name,
  secret: r.secret,
  allowedOrigins: r.allowed_origins,
  verifiedListings: r.verified_listings,
  safety: siteSafetyFromRow(r),
  email: { inboxUrl: r.inbox_url, delaySeconds: r.email_delay_seconds, previews: r.email_previews },
});

/** The columns of a {@link SiteRow}. */
const SITE_COLUMNS = [
  'id',
  'name',
  'secret',
  'allowed_origins',
  'verified_listings',
  'contact_masking',
  'help_url',
  'phone_country',
  'safety_rules',
  'inbox_url',
  'email_delay_seconds',
  'email_previews',
] satisfies Array<keyof SiteRow>;

export interface SitesRepositoryOptions {
  /** How long a looked-up site is remembered (30 s). */
  cacheMs?: number;
  /** Sites remembered at most (1,000): past that, the least recently used is looked up again. */
  maxCachedSites?: number;
  /** How long an unknown site id is remembered (5 s): ids are attacker-chosen, so not for long. */
  unknownCacheMs?: number;
  /** Unknown site ids remembered at most (1,000), apart from the known sites so they never push those out. */
  maxCachedUnknown?: number;
  /** The clock (injectable for tests). */
  now?: () => number;
}

/**
 * Reads sites, remembering them for a few seconds: every handshake and request needs one. Both caches
 * are bounded (least recently used out first): a token's `kid` is chosen by the caller, and every
 * unknown one used to be kept forever.
 */
export class SitesRepository {
  readonly #sql: Sql;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #known: BoundedCache<string, Site>;
  readonly #unknown: BoundedCache<string, true>;
  #origins: { set: Set<string>; at: number } | null = null;
  #demoSiteAllowed = false;

  constructor(
    sql: Sql,
    {
      cacheMs = 30_000,
      maxCachedSites = 1000,
      unknownCacheMs = 5_000,
      maxCachedUnknown = 1000,
      now = Date.now,
    }: SitesRepositoryOptions = {},
  ) {
    this.#sql = sql;
    this.#cacheMs = cacheMs;
    this.#now = now;
    this.#known = new BoundedCache({ maxEntries: maxCachedSites, ttlMs: cacheMs, now });
    this.#unknown = new BoundedCache({ maxEntries: maxCachedUnknown, ttlMs: unknownCacheMs, now });
  }

  /** True once {@link allowDemoSite} was called: the demo site's tokens are accepted. */
  get demoSiteAllowed(): boolean {
    return this.#demoSiteAllowed;
  }

  /** Demo mode only (PARLEY_DEMO=1): lets the demo site, with its public secret, sign users in. */
  allowDemoSite(): void {
    this.#demoSiteAllowed = true;
    this.#origins = null;
  }

  /** Entries held by the site caches (known, unknown), to check that they stay bounded. */
  get cacheSizes(): { known: number; unknown: number } {
    return { known: this.#known.size, unknown: this.#unknown.size };
  }

  /** The site with this id, or null (the demo site too, outside demo mode). */
  async get(id: string): Promise<Site | null> {
    if (id === DEMO_SITE_ID && !this.#demoSiteAllowed) return null;
    const known = this.#known.get(id);
    if (known) return known;
    if (this.#unknown.get(id)) return null;
    const [row] = await this.#sql<SiteRow[]>`SELECT ${this.#sql(SITE_COLUMNS)} FROM sites WHERE id = ${id}`;
    if (!row) {
      this.#unknown.set(id, true);
      return null;
    }
    const site = toSite(row);
    this.#known.set(id, site);
    return site;
  }

  /**
   * Every origin any site allows: what CORS preflights and handshakes are checked against first. The
   * demo site's origins count only in demo mode.
   */
  async allOrigins(): Promise<Set<string>> {
    if (this.#origins && this.#now() - this.#origins.at < this.#cacheMs) return this.#origins.set;
    const rows = this.#demoSiteAllowed
      ? await this.#sql<{ origin: string }[]>`SELECT DISTINCT unnest(allowed_origins) AS origin FROM sites`
      : await this.#sql<{ origin: string }[]>`
          SELECT DISTINCT unnest(allowed_origins) AS origin FROM sites WHERE id <> ${DEMO_SITE_ID}`;
    this.#origins = { set: new Set(rows.map((r) => r.origin)), at: this.#now() };
    return this.#origins.set;
  }

  /** Creates a site, or updates its name and origins when `id` exists (keeping its secret). */
  async upsert(input: { id: string; name: string; allowedOrigins: string[]; secret?: string }): Promise<Site> {
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    const [row] = await this.#sql<SiteRow[]>`
      INSERT INTO sites (id, name, secret, allowed_origins)
      VALUES (${input.id}, ${input.name}, ${secret}, ${input.allowedOrigins})
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, allowed_origins = EXCLUDED.allowed_origins
      RETURNING ${this.#sql(SITE_COLUMNS)}`;
    this.#forget();
    return toSite(row!);
  }

  /** Changes some settings of a site; null when there is no such site. Every process sees them within the cache time. */
  async update(id: string, patch: SiteSettingsPatch): Promise<Site | null> {
    const sql = this.#sql;
    const [row] = await sql<SiteRow[]>`
      UPDATE sites SET
        name = coalesce(${patch.name ?? null}, name),
        allowed_origins = coalesce(${patch.allowedOrigins ?? null}::text[], allowed_origins),
        verified_listings = coalesce(${patch.verifiedListings ?? null}::boolean, verified_listings)
      WHERE id = ${id}
      RETURNING ${sql(SITE_COLUMNS)}`;
    this.#forget();
    return row ? toSite(row) : null;
  }

  /**
   * Changes a site's safety settings (only the fields given; `patch` checked by `siteSafetyPatchSchema`).
   * Null when there is no such site. Other processes see the change when their cache expires.
   */
  async updateSafety(id: string, patch: SiteSafetyPatch): Promise<Site | null> {
    const sql = this.#sql;
    const [row] = await sql<SiteRow[]>`
      UPDATE sites SET
        contact_masking = COALESCE(${patch.contactMasking ?? null}::text, contact_masking),
        help_url = CASE WHEN ${patch.helpUrl !== undefined} THEN ${patch.helpUrl ?? null}::text ELSE help_url END,
        phone_country = COALESCE(${patch.phoneCountry ?? null}::text, phone_country),
        safety_rules = COALESCE((${patch.rules ? JSON.stringify(patch.rules) : null}::text)::jsonb, safety_rules)
      WHERE id = ${id}
      RETURNING ${sql(SITE_COLUMNS)}`;
    this.#forget();
    return row ? toSite(row) : null;
  }

  /** Changes a site's email settings (only the fields given); null when there is no such site. */
  async updateEmail(id: string, update: SiteEmailSettingsUpdate): Promise<Site | null> {
    const found = await updateSiteEmailSettings(this.#sql, id, update);
    this.#forget();
    return found ? this.get(id) : null;
  }

  #forget(): void {
    this.#known.clear();
    this.#unknown.clear();
    this.#origins = null;
  }
}

/** A site's email settings; a field left out is left as it is. */
export interface SiteEmailSettingsUpdate {
  /** The page that opens a conversation from `?parley-conversation=<id>` (links in emails); null: none. */
  inboxUrl?: string | null;
  /** Seconds a message stays unread before it is emailed; null: PARLEY_EMAIL_DELAY. */
  emailDelaySeconds?: number | null;
  /** False: emails say how many messages, never what they say. */
  emailPreviews?: boolean;
}

/** Changes a site's email settings (only the fields given); false when there is no such site. */
export async function updateSiteEmailSettings(sql: Sql, id: string, update: SiteEmailSettingsUpdate): Promise<boolean> {
  const rows = await sql`
    UPDATE sites SET
      inbox_url = CASE WHEN ${update.inboxUrl !== undefined} THEN ${update.inboxUrl ?? null}::text ELSE inbox_url END,
      email_delay_seconds = CASE WHEN ${update.emailDelaySeconds !== undefined}
                                 THEN ${update.emailDelaySeconds ?? null}::int ELSE email_delay_seconds END,
      email_previews = CASE WHEN ${update.emailPreviews !== undefined}
                            THEN ${update.emailPreviews ?? true}::boolean ELSE email_previews END
    WHERE id = ${id} RETURNING 1`;
  return rows.length > 0;
}

/** Normalises an origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) origin: ${origin}`);
  return url.origin;
}
