// Demo mode (PARLEY_DEMO=1): the demo site and users, the marketplace pages, and a partner page on a second origin.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { startServer, type ParleyServer, type StartServerOptions } from '../server.ts';
import { demoStaticRoutes } from './demo-static.ts';
import { DEMO_SITE, DEMO_USERS, demoOrigins } from './demo-users.ts';
import { demoRoutes } from './demo.routes.ts';

/** The demo server, plus the port of the partner page served from another origin. */
export interface DemoServer extends ParleyServer {
  embedPort: number;
}

/** Starts the server with the demo site, its users, its pages and the second-origin partner page. */
export async function startDemoServer(options: StartServerOptions & { embedPort?: number }): Promise<DemoServer> {
  const server = await startServer({
    ...options,
    extend: (app: Hono<AppEnv>, services) => {
      options.extend?.(app, services);
      app.route('/', demoRoutes());
      demoStaticRoutes(app, { parleyOrigin: () => '' });
    },
  });
  const embed = await startEmbedOrigin(options.embedPort ?? (options.config.port === 0 ? 0 : options.config.port + 1), options.config.host, server.port);
  const embedPort = (embed.address() as AddressInfo).port;

  const { sites, users } = server.services;
  await sites.upsert({ ...DEMO_SITE, allowedOrigins: demoOrigins([server.port, embedPort]) });
  for (const [id, user] of Object.entries(DEMO_USERS)) {
    await users.upsertFromToken({ siteId: DEMO_SITE.id, userId: id, name: user.name, picture: null });
  }
  options.logger.info({ url: `http://localhost:${server.port}`, partner: `http://localhost:${embedPort}` }, 'demo ready');
  return {
    ...server,
    embedPort,
    async close() {
      await new Promise<void>((resolve) => embed.close(() => resolve()));
      embed.closeAllConnections();
      await server.close();
    },
  };
}

/**
 * A partner site on another origin (another port): the third-party snippet, loading the classic
 * script from the Parley server, with its own token route as a real host site would have.
 */
async function startEmbedOrigin(port: number, host: string, parleyPort: number): Promise<HttpServer> {
  const app = new Hono<AppEnv>();
  app.route('/', demoRoutes());
  demoStaticRoutes(app, {
    // Same host name the browser used for this page, the Parley server's port: another origin.
    parleyOrigin: (hostHeader) => `http://${(hostHeader ?? 'localhost').replace(/:\d+$/, '')}:${parleyPort}`,
    index: 'embed.html',
    rewrite: (html, parleyOrigin) => html.replaceAll('PARLEY_ORIGIN', parleyOrigin),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(server as HttpServer));
    server.once('error', reject);
  });
}
