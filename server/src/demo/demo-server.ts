// Demo mode (PARLEY_DEMO=1): the demo site and users, the marketplace pages, and a partner page on a second origin.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../logger.ts';
import { startServer, type ParleyServer, type StartServerOptions } from '../server.ts';
import { updateSiteEmailSettings } from '../identity/sites.repository.ts';
import { MemoryMailer } from '../notifications/mailer.ts';
import { demoMailRoutes } from './demo-mail.routes.ts';
import { demoStaticRoutes } from './demo-static.ts';
import { DEMO_EMAIL_DELAY_SECONDS, DEMO_SITE, DEMO_USERS, demoOrigins } from './demo-users.ts';
import { demoListingRoutes } from './demo-listings.routes.ts';
import { demoRoutes } from './demo.routes.ts';

/** The demo server, plus the port of the partner page served from another origin. */
export interface DemoServer extends ParleyServer {
  embedPort: number;
}

/** What the demo server needs: the server's options, and whether the database is a real PostgreSQL. */
export interface StartDemoServerOptions extends StartServerOptions {
  config: StartServerOptions['config'] & { databaseUrl?: string | null };
  embedPort?: number;
}

/**
 * Starts the server with the demo site, its users, its pages and the second-origin partner page.
 * On a real PostgreSQL (`DATABASE_URL`), says once and loudly what it writes there. Without
 * PARLEY_SMTP_URL, emails are kept in memory and shown at /demo/mail; the demo site emails a message
 * after {@link DEMO_EMAIL_DELAY_SECONDS}.
 */
export async function startDemoServer(options: StartDemoServerOptions): Promise<DemoServer> {
  if (options.config.databaseUrl) warnDemoOnRealDatabase(options.logger);
  const mailer = options.mailer !== undefined || options.config.notify?.smtpUrl ? null : new MemoryMailer();
  const server = await startServer({
    ...options,
    ...(mailer ? { mailer } : {}),
    extend: (app: Hono<AppEnv>, services) => {
      options.extend?.(app, services);
      app.route('/', demoRoutes());
      app.route('/', demoListingRoutes(services, app));
      app.route('/', demoMailRoutes({ mailer, delaySeconds: DEMO_EMAIL_DELAY_SECONDS }));
      demoStaticRoutes(app, { parleyOrigin: () => '' });
    },
  });
  const embed = await startEmbedOrigin(
    options.embedPort ?? (options.config.port === 0 ? 0 : options.config.port + 1),
    options.config.host,
    server.port,
  );
  const embedPort = (embed.address() as AddressInfo).port;

  const { sites, users } = server.services;
  sites.allowDemoSite();
  await sites.upsert({ ...DEMO_SITE, allowedOrigins: demoOrigins([server.port, embedPort]) });
  await updateSiteEmailSettings(options.db.sql, DEMO_SITE.id, {
    inboxUrl: `http://localhost:${server.port}/messages.html`,
    emailDelaySeconds: DEMO_EMAIL_DELAY_SECONDS,
  });
  // The demo shows trust and safety at work: alice's phone number reaches bob hidden.
  await sites.updateSafety(DEMO_SITE.id, { contactMasking: 'mask' });
  for (const [id, user] of Object.entries(DEMO_USERS)) {
    await users.upsertFromToken({
      siteId: DEMO_SITE.id,
      userId: id,
      name: user.name,
      picture: null,
      email: user.email,
      locale: user.locale,
    });
  }
  const url = `http://localhost:${server.port}`;
  options.logger.info({ url, partner: `http://localhost:${embedPort}`, mail: `${url}/demo/mail` }, 'demo ready');
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
 * Demo mode against `DATABASE_URL`: the demo site's secret is public, so say what is written into
 * that database. The URL itself is not logged (it may carry a password).
 */
function warnDemoOnRealDatabase(logger: Logger): void {
  logger.warn(
    {
      site: DEMO_SITE.id,
      secret: 'public: it is in the source and the docs',
      users: Object.keys(DEMO_USERS),
      origins: 'http://localhost and http://127.0.0.1 on the demo ports',
    },
    'DEMO MODE ON A REAL DATABASE (PARLEY_DEMO=1 with DATABASE_URL): this writes site "demo", whose secret is ' +
      'public, and the demo users into that database. Anyone can sign tokens for it while demo mode runs. ' +
      'Servers started without PARLEY_DEMO=1 refuse its tokens, but keep the demo on a database of its own.',
  );
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
