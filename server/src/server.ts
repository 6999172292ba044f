// Runs a Parley process on one port: the application built by application.ts, on Node's HTTP server.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApplication } from './application.ts';
import { DEFAULT_MAX_SOCKETS_PER_USER, type NotifyConfig, type ParleyConfig } from './config.ts';
import type { Database } from './db/sql.ts';
import type { AppEnv } from './http/env.ts';
import type { JobRunner } from './jobs/job-runner.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './notifications/mailer.ts';
import type { RateBudget, RateBudgets } from './rate-limit.ts';
import type { PresenceTracker } from './realtime/presence.ts';
import type { ParleyIo } from './realtime/socket-server.ts';
import type { Services } from './services.ts';
import type { UserWorkQueue } from './user-work-queue.ts';
import { loadBundles, widgetBundleRoutes } from './http/widget-bundles.ts';
import type { PhotoOptions } from './uploads/photo-options.ts';

const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface StartServerOptions {
  config: Pick<ParleyConfig, 'port' | 'host' | 'jwtAlgorithms' | 'shutdownGraceMs'> &
    Partial<Pick<ParleyConfig, 'maxSocketsPerUser' | 'budgetPoints' | 'metricsToken'>> & { notify?: Partial<NotifyConfig> };
  db: Database;
  logger: Logger;
  /** Shared stores for several processes (Redis); in-memory ones otherwise. */
  presence?: PresenceTracker;
  limiter?: RateBudget;
  /** Per-user budgets shared through Redis (or replaced in tests); in-memory ones for those not given. */
  budgets?: Partial<RateBudgets>;
  /** The per-user bound on requests running and waiting (the protocol's limits unless replaced in tests). */
  userWork?: UserWorkQueue;
  /** Called with the Socket.IO server before it accepts sockets (to install the Redis adapter). */
  setupIo?: (io: ParleyIo) => Promise<void> | void;
  /** Extra HTTP routes (the demo). */
  extend?: (app: Hono<AppEnv>, services: Services) => void;
  /** Where the widget builds are (`dist/` at the repository root by default). */
  distDir?: string;
  /** Replaces the SMTP mailer (the demo's in-memory one); null: no email. */
  mailer?: Mailer | null;
  /** The job runner's clock (tests move it instead of sleeping). */
  clock?: () => number;
  /** False: the job runner is not started (tests drive it with `jobs.runDue()`). */
  runJobs?: boolean;
  /** Photo storage and URL secret (`photoOptionsFromConfig`); a temporary directory and a random secret otherwise. */
  photos?: PhotoOptions;
}

/** A listening server. */
export interface ParleyServer {
  url: string;
  port: number;
  app: Hono<AppEnv>;
  io: ParleyIo;
  services: Services;
  /** The job runner (digest emails, webhook deliveries). */
  jobs: JobRunner;
  httpServer: HttpServer;
  /** Stops accepting, lets requests in flight finish (up to the grace period), then closes. */
  close(): Promise<void>;
}

/** Starts the HTTP and Socket.IO server on one port. */
export async function startServer(options: StartServerOptions): Promise<ParleyServer> {
  const { config, db, logger } = options;
  const bundles = await loadBundles(options.distDir ?? DEFAULT_DIST_DIR);
  const application = createApplication({
    sql: db.sql,
    logger,
    jwtAlgorithms: config.jwtAlgorithms,
    ping: () => db.ping(),
    presence: options.presence,
    limiter: options.limiter,
    budgets: options.budgets,
    budgetPoints: config.budgetPoints,
    userWork: options.userWork,
    maxSocketsPerUser: config.maxSocketsPerUser ?? DEFAULT_MAX_SOCKETS_PER_USER,
    notify: config.notify,
    mailer: options.mailer,
    clock: options.clock,
    photos: options.photos,
    metricsToken: config.metricsToken,
    extend: (app, services) => {
      widgetBundleRoutes(app, bundles);
      options.extend?.(app, services);
    },
  });
  const { app, io, services } = application;
  await options.setupIo?.(io);

  const httpServer = await new Promise<HttpServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(server as HttpServer));
    server.once('error', reject);
  });
  application.attach(httpServer);
  if (options.runJobs !== false) application.jobs.start();

  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ port, host: config.host }, 'parley listening');

  return {
    url: `http://${host}:${port}`,
    port,
    app,
    io,
    services,
    jobs: application.jobs,
    httpServer,
    async close() {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await application.close(config.shutdownGraceMs);
      httpServer.closeAllConnections();
      await closed;
    },
  };
}
