// REST routes for photos: the upload (Bearer) and the signed files an <img> loads (no Bearer).
import { Hono } from 'hono';
import { LIMITS } from '../../../protocol/index.ts';
import type { AppEnv } from '../http/env.ts';
import { pathId } from '../http/request.ts';
import type { Services } from '../services.ts';
import { readLimitedBody } from './read-body.ts';
import type { PhotoVariant } from './signed-urls.ts';

/** The path of the upload route under /api/v1, which reads its own body (not the JSON body limit). */
export const UPLOAD_ROUTE = '/uploads';

/** `POST /uploads`: the body is the image; the budget is spent before a byte is read. */
export function uploadRoutes({ uploads, budgets }: Services) {
  return new Hono<AppEnv>().post(UPLOAD_ROUTE, async (c) => {
    await budgets.upload.consume(c.var.caller);
    const bytes = await readLimitedBody(c.req.raw, LIMITS.uploadMaxBytes);
    return c.json({ upload: await uploads.upload(c.var.caller, bytes) }, 201);
  });
}

/**
 * `GET /uploads/:id/image` and `/thumb`, authorised by the signed query alone (see signed-urls.ts).
 * Every refusal is the same 404, so a URL tells nothing about a photo one may not see.
 */
export function photoFileRoutes({ uploads }: Services) {
  return new Hono<AppEnv>().get(`${UPLOAD_ROUTE}/:id/:variant{image|thumb}`, async (c) => {
    const file = await uploads.open(pathId(c, 'id'), c.req.param('variant') as PhotoVariant, new URL(c.req.url).searchParams);
    if (!file) return c.json({ error: { code: 'not_found', message: 'No such photo, or the link has expired.' } }, 404);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      // The URL is this viewer's and expires on the hour: a browser may keep it, a shared cache may not.
      'Cache-Control': 'private, max-age=3600, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });
}
