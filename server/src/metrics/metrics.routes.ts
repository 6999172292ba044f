// GET /metrics: the Prometheus text format, for a scraper holding PARLEY_METRICS_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { ParleyMetrics } from './metrics.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` answering only `Authorization: Bearer <token>`; anything else gets 401. Both sides are
 * hashed before the constant-time comparison, so neither the token's length nor its first differing
 * byte shows in the response time.
 */
export function metricsRoutes(metrics: ParleyMetrics, token: string): Hono<AppEnv> {
  const expected = digest(token);
  const routes = new Hono<AppEnv>();
  routes.get('/metrics', async (c) => {
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="parley-metrics"');
      return c.json(
        { error: { code: 'unauthorized', message: 'Send the metrics token in the "Authorization: Bearer" header.' } },
        401,
      );
    }
    c.header('Content-Type', metrics.registry.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(await metrics.registry.metrics());
  });
  return routes;
}
