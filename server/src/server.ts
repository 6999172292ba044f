// Assembles a running Parley server: database, services, Hono on Node's HTTP server, Socket.IO.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ParleyConfig } from './config.ts';
import type { Database } from './db/sql.ts';
import { createApp } from './http/app.ts';
import type { AppEnv } from './http/env.ts';
import type { Logger } from './logger.ts';
import type { SendRateLimiter } from './rate-limit.ts';
import { InFlight } from './realtime/in-flight.ts';
import { PresenceService } from './realtime/presence.service.ts';
import { MemoryPresence, type PresenceTracker } from './realtime/presence.ts';
import { SocketNotifier } from './realtime/socket-notifier.ts';
import { createSocketServer, type ParleyIo } from './realtime/socket-server.ts';
import { createServices, type Services } from './services.ts';
import { loadBundles, widgetBundleRoutes } from './http/widget-bundles.ts';

const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface StartServerOptions {
  config: Pick<ParleyConfig, 'port' | 'host' | 'jwtAlgorithms' | 'shutdownGraceMs'>;
  db: Database;
  logger: Logger;
  /** Shared stores for several processes (Redis); in-memory ones otherwise. */
  presence?: PresenceTracker;
  limiter?: SendRateLimiter;
  /** Called with the Socket.IO server before it accepts sockets (to install the Redis adapter). */
  setupIo?: (io: ParleyIo) => Promise<void> | void;
  /** Extra HTTP routes (the demo). */
  extend?: (app: Hono<AppEnv>, services: Services) => void;
  /** Where the widget builds are (`dist/` at the repository root by default). */
  distDir?: string;
}

/** A listening server. */
export interface ParleyServer {
  url: string;
  port: number;
  app: Hono<AppEnv>;
  io: ParleyIo;
  services: Services;
  httpServer: HttpServer;
  /** Stops accepting, lets requests in flight finish (up to the grace period), then closes. */
  close(): Promise<void>;
}

/** Starts the HTTP and Socket.IO server on one port. */
export async function startServer(options: StartServerOptions): Promise<ParleyServer> {
  const { config, db, logger } = options;
  const notifier = new SocketNotifier();
  const services = createServices({ sql: db.sql, notifier, limiter: options.limiter, logger });
  const inFlight = new InFlight();
  let draining = false;

  const bundles = await loadBundles(options.distDir ?? DEFAULT_DIST_DIR);
  const app = createApp({
    services,
    logger,
    jwtAlgorithms: config.jwtAlgorithms,
    ping: () => db.ping(),
    extend: (a) => {
      widgetBundleRoutes(a, bundles);
      options.extend?.(a, services);
    },
  });

  const httpServer = await new Promise<HttpServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(server as HttpServer));
    server.once('error', reject);
  });
  const presence = new PresenceService({
    tracker: options.presence ?? new MemoryPresence(),
    conversations: services.conversations.repository,
    users: services.users,
    notifier,
  });
  const io = createSocketServer(httpServer, {
    services,
    presence,
    logger,
    jwtAlgorithms: config.jwtAlgorithms,
    inFlight,
    draining: () => draining,
  });
  await options.setupIo?.(io);
  notifier.attach(io);

  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ port, host: config.host }, 'parley listening');

  return {
    url: `http://${host}:${port}`,
    port,
    app,
    io,
    services,
    httpServer,
    async close() {
      draining = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await inFlight.idle(config.shutdownGraceMs);
      await disconnectGracefully(io, config.shutdownGraceMs);
      await io.close(); // closes the HTTP server
      // Offline announcements of the sockets just closed still need the database and Redis.
      await presence.idle(config.shutdownGraceMs);
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Disconnects this process's sockets, letting engine.io write what is still queued for each one
 * first: `io.close()` alone discards those write buffers, so an ack queued behind another packet
 * would be lost although its message is committed.
 */
async function disconnectGracefully(io: ParleyIo, timeoutMs: number): Promise<void> {
  const conns = [...io.of('/').sockets.values()].map((s) => s.conn);
  io.local.disconnectSockets(true);
  const closed = conns.map((c) => (c.readyState === 'closed' ? Promise.resolve() : new Promise<void>((r) => c.once('close', () => r()))));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}
