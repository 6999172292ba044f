// Photo URLs an <img> can load without a Bearer header: signed for one viewer, expiring within a day.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { API_PREFIX, type Attachment } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';

/** The two sizes of a stored photo. */
export type PhotoVariant = 'image' | 'thumb';

const HOUR_MS = 60 * 60 * 1000;
/** A URL is valid for 23 to 24 hours: its expiry is rounded up to the hour, so one viewer gets the same URL for an hour (cacheable). */
const LIFETIME_MS = 23 * HOUR_MS;

/** The unsigned path of a photo, as messages carry it until {@link UrlSigner.signAttachments} signs it for a viewer. */
export function photoPath(uploadId: string, variant: PhotoVariant): string {
  return `${API_PREFIX}/uploads/${encodeURIComponent(uploadId)}/${variant}`;
}

/** What a valid signature vouches for. */
export interface SignedAccess {
  siteId: string;
  viewerId: string;
  uploadId: string;
  variant: PhotoVariant;
}

/**
 * Signs and checks photo URLs with HMAC-SHA256 over (site, viewer, upload, variant, expiry): a URL
 * names the member it was given to, so the server can check, when it is used, that this member may
 * still see the photo; it never opens the photo to anyone else, whoever learns it.
 */
export class UrlSigner {
  readonly #secret: Buffer;
  readonly #now: () => number;

  constructor(secret: string | Buffer, now: () => number = Date.now) {
    this.#secret = Buffer.from(secret);
    this.#now = now;
  }

  #mac(siteId: string, viewerId: string, uploadId: string, variant: PhotoVariant, expires: number): Buffer {
    // NUL separators: ids cannot contain NUL (refused at every entry point), so fields cannot run together.
    return createHmac('sha256', this.#secret)
      .update([siteId, viewerId, uploadId, variant, String(expires)].join('\0'))
      .digest();
  }

  /** The signed path for `viewer`: `…/uploads/<id>/<variant>?v=<site>:<viewer>&e=<expiry>&s=<signature>`. */
  sign(uploadId: string, variant: PhotoVariant, viewer: Caller): string {
    const expires = Math.ceil((this.#now() + LIFETIME_MS) / HOUR_MS) * HOUR_MS;
    const signature = this.#mac(viewer.siteId, viewer.userId, uploadId, variant, expires).toString('base64url');
    const query = new URLSearchParams({ s: viewer.siteId, v: viewer.userId, e: String(expires), sig: signature });
    return `${photoPath(uploadId, variant)}?${query}`;
  }

  /** What the query of a signed URL vouches for, or null when it is forged, altered or expired. */
  verify(uploadId: string, variant: PhotoVariant, query: URLSearchParams): SignedAccess | null {
    const siteId = query.get('s');
    const viewerId = query.get('v');
    const expires = Number(query.get('e'));
    const given = Buffer.from(query.get('sig') ?? '', 'base64url');
    if (!siteId || !viewerId || !Number.isSafeInteger(expires) || expires <= this.#now()) return null;
    const expected = this.#mac(siteId, viewerId, uploadId, variant, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { siteId, viewerId, uploadId, variant };
  }

  /**
   * `value` with every message attachment's unsigned `url` and `thumbUrl` signed for `viewer`: a
   * message, a conversation (its last message), a page or a sync answer. Objects without
   * attachments are returned as they are; the ones with some are copied, never changed in place
   * (the same message goes to both members).
   */
  signAttachments<T>(value: T, viewer: Caller): T {
    return this.#walk(value, viewer, 0) as T;
  }

  #walk(value: unknown, viewer: Caller, depth: number): unknown {
    // Server-built answers are a few levels deep (sync → messages → message → attachments).
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      value.forEach((item, i) => {
        const signed = this.#walk(item, viewer, depth + 1);
        if (signed !== item) (copy ??= [...value])[i] = signed;
      });
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(record)) {
      const signed =
        key === 'attachments' && Array.isArray(item) && item.length > 0
          ? (item as Attachment[]).map((a) => ({
              ...a,
              url: this.sign(a.id, 'image', viewer),
              thumbUrl: this.sign(a.id, 'thumb', viewer),
            }))
          : this.#walk(item, viewer, depth + 1);
      if (signed !== item) (copy ??= { ...record })[key] = signed;
    }
    return copy ?? value;
  }
}
