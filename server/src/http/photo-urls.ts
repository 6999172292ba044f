// Signs the photo URLs of every REST answer for the caller who receives it.
import type { MiddlewareHandler } from 'hono';
import type { UploadsService } from '../uploads/uploads.service.ts';
import type { AppEnv } from './env.ts';

/** A JSON answer that carries at least one photo; others pass untouched (no parse, no copy). */
const CARRIES_PHOTOS = '"attachments":[{';

/**
 * Services return messages with unsigned photo paths (message-row.ts); each caller gets them signed
 * for themselves here, once for every route, as sockets get them in socket-handlers.ts and the notifier.
 */
export function signPhotoUrls(uploads: Pick<UploadsService, 'signFor'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('application/json')) return;
    const text = await c.res.clone().text();
    if (!text.includes(CARRIES_PHOTOS)) return;
    const signed = JSON.stringify(uploads.signFor(JSON.parse(text) as unknown, c.var.caller));
    const { status } = c.res;
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = undefined; // so that Hono does not copy the old headers (the old length) onto the new answer
    c.res = new Response(signed, { status, headers });
  };
}
