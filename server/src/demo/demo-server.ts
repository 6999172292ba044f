// Demo mode (PARLEY_DEMO=1): creates the demo site and serves the demo marketplace and its tokens.
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { startServer, type ParleyServer, type StartServerOptions } from '../server.ts';
import { DEMO_SITE, DEMO_USERS, demoOrigins } from './demo-users.ts';
import { demoRoutes } from './demo.routes.ts';

/** Starts the server with the demo site, its users and its routes. */
export async function startDemoServer(options: StartServerOptions): Promise<ParleyServer> {
  const server = await startServer({
    ...options,
    extend: (app: Hono<AppEnv>, services) => {
      options.extend?.(app, services);
      app.route('/', demoRoutes());
      app.get('/', (c) => c.html('<!doctype html><title>Parley</title><p>Parley demo server is running.</p>'));
    },
  });
  const { sites, users } = server.services;
  await sites.upsert({ ...DEMO_SITE, allowedOrigins: demoOrigins(server.port) });
  for (const [id, user] of Object.entries(DEMO_USERS)) {
    await users.upsertFromToken({ siteId: DEMO_SITE.id, userId: id, name: user.name, picture: null });
  }
  return server;
}
