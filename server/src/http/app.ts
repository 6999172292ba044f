// The Hono application: health checks, the REST API under /api/v1, and one error shape for all.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { API_PREFIX, LIMITS } from '../../../protocol/index.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import { apiDocsRoutes } from '../api-docs/api-docs.routes.ts';
import { conversationsRoutes } from '../conversations/conversations.routes.ts';
import { ParleyError, toParleyError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { messagesRoutes } from '../messages/messages.routes.ts';
import { moderationRoutes } from '../moderation/moderation.routes.ts';
import { photoFileRoutes, UPLOAD_ROUTE, uploadRoutes } from '../uploads/uploads.routes.ts';
import type { AuthenticateOptions } from '../identity/authenticate.ts';
import { searchRoutes } from '../search/search.routes.ts';
import type { Services } from '../services.ts';
import { bearerAuth } from './auth.ts';
import { signPhotoUrls } from './photo-urls.ts';
import { cors } from './cors.ts';
import type { AppEnv } from './env.ts';
import { userWork } from './user-work.ts';

export interface CreateAppOptions {
  services: Services;
  /** How a bearer token becomes a caller. */
  auth: AuthenticateOptions;
  logger: Logger;
  /** Answers whether the database is reachable, for /readyz. */
  ping: () => Promise<boolean>;
  /** Extra routes mounted at the root (the widget bundles, the demo). */
  extend?: (app: Hono<AppEnv>) => void;
}

/** Builds the HTTP application. It needs no network to be tested: use `app.request()`. */
export function createApp({ services, auth, logger, ping, extend }: CreateAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('logger', logger.child({ requestId: c.var.requestId }));
    await next();
    // The path only: a query string could carry something that must not be logged.
    c.var.logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) =>
    (await ping())
      ? c.json({ ok: true })
      : c.json({ error: { code: 'unavailable', message: 'The database does not answer.' } }, 503),
  );

  // The server API first: its routes answer before the user routes' middleware (CORS, user tokens) runs.
  app.route(
    `${API_PREFIX}/admin`,
    adminRoutes({
      keys: services.apiKeys,
      budget: services.budgets.admin,
      sites: services.sites,
      listings: services.listings,
      moderation: services.moderationAdmin,
      userData: services.userData,
      webhooks: services.webhooks,
    }),
  );
  // Photo files are authorised by their signed URL (an <img> sends no Bearer header): answered
  // here, before the API's middleware below could ask for one.
  app.route(API_PREFIX, photoFileRoutes(services));
  // The API documents and their reference page are public, like the photo files.
  app.route('/', apiDocsRoutes());

  const api = new Hono<AppEnv>();
  api.use(cors(services.sites));
  const jsonLimit = bodyLimit({
    maxSize: LIMITS.maxPayloadBytes,
    onError: () => {
      throw new ParleyError('payload_too_large', `The body is larger than ${LIMITS.maxPayloadBytes} bytes.`);
    },
  });
  // The upload route streams its body against its own, larger limit (uploads.routes.ts).
  api.use((c, next) => (c.req.method === 'POST' && c.req.path === API_PREFIX + UPLOAD_ROUTE ? next() : jsonLimit(c, next)));
  api.use(bearerAuth(auth));
  api.use(userWork(services.userWork));
  api.use(signPhotoUrls(services.uploads));
  api.route('/', uploadRoutes(services));
  api.route('/', conversationsRoutes(services));
  api.route('/', messagesRoutes(services));
  api.route('/', moderationRoutes(services));
  api.route('/', searchRoutes(services));
  app.route(API_PREFIX, api);

  extend?.(app);

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such route.' } }, 404));
  app.onError((err, c) => {
    const error = toParleyError(err);
    const log = c.var.logger ?? logger;
    if (error.code === 'internal') log.error({ err }, 'request failed');
    else if (error.code === 'unavailable') log.warn({ err: String(err) }, 'database unavailable');
    if (error.retryAfterMs !== undefined) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    return c.json({ error: error.toBody() }, error.status as 400);
  });
  return app;
}
