// The composition root: builds every part of a Parley process once and hands each the parts it needs.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { DEFAULT_NOTIFY_CONFIG, type NotifyConfig } from './config.ts';
import { ApiKeysRepository } from './admin/api-keys.repository.ts';
import { UserDataRepository } from './admin/user-data.repository.ts';
import { UserDataService } from './admin/user-data.service.ts';
import { ConversationsRepository } from './conversations/conversations.repository.ts';
import { ConversationsService } from './conversations/conversations.service.ts';
import type { Sql } from './db/sql.ts';
import { createApp } from './http/app.ts';
import type { AppEnv } from './http/env.ts';
import type { AuthenticateOptions } from './identity/authenticate.ts';
import { SitesRepository } from './identity/sites.repository.ts';
import { UsersRepository } from './identity/users.repository.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { ListingsRepository } from './listings/listings.repository.ts';
import { ListingsService } from './listings/listings.service.ts';
import type { Logger } from './logger.ts';
import { ParleyMetrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/metrics.routes.ts';
import { MessagesRepository } from './messages/messages.repository.ts';
import { MessagesService } from './messages/messages.service.ts';
import { SyncService } from './messages/sync.service.ts';
import { SyncChangesRepository } from './messages/sync-changes.repository.ts';
import { ModerationRepository } from './moderation/moderation.repository.ts';
import { ModerationAdminService } from './moderation/moderation-admin.service.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { digestJobHandler } from './notifications/digest-job.ts';
import { createSmtpMailer, type Mailer } from './notifications/mailer.ts';
import { RecipientsRepository } from './notifications/recipients.repository.ts';
import { notificationSendEffects } from './notifications/send-effects.ts';
import { unsubscribeRoutes } from './notifications/unsubscribe.routes.ts';
import { ReportsRepository } from './moderation/reports.repository.ts';
import { type BudgetPoints, memoryBudgets, type RateBudget, type RateBudgets } from './rate-limit.ts';
import { InFlight } from './realtime/in-flight.ts';
import { PresenceRepository } from './realtime/presence.repository.ts';
import { PresenceService } from './realtime/presence.service.ts';
import { MemoryPresence, type PresenceTracker } from './realtime/presence.ts';
import { SocketNotifier } from './realtime/socket-notifier.ts';
import { createSocketServer, type ParleyIo, serveSockets } from './realtime/socket-server.ts';
import { SpamGuard } from './safety/spam-guard.ts';
import { SearchRepository } from './search/search.repository.ts';
import { SearchService } from './search/search.service.ts';
import type { Services } from './services.ts';
import { UserWorkQueue } from './user-work-queue.ts';
import { webhookJobHandler } from './webhooks/webhook-delivery.ts';
import { WebhookEndpointsRepository } from './webhooks/webhook-endpoints.repository.ts';
import { JobsRepository } from './jobs/jobs.repository.ts';
import type { PhotoOptions } from './uploads/photo-options.ts';
import { UrlSigner } from './uploads/signed-urls.ts';
import { SigningNotifier } from './uploads/signing-notifier.ts';
import { LocalStorage } from './uploads/storage.ts';
import { UploadsRepository } from './uploads/uploads.repository.ts';
import { UploadsService } from './uploads/uploads.service.ts';

export interface ApplicationOptions {
  sql: Sql;
  logger: Logger;
  jwtAlgorithms: string[];
  /** Answers whether the database is reachable, for /readyz. */
  ping: () => Promise<boolean>;
  /** Who is connected: shared through Redis by several processes, in memory otherwise. */
  presence?: PresenceTracker;
  /** The send budget (for callers that only replace that one; `budgets.send` otherwise). */
  limiter?: RateBudget;
  /** Per-user budgets shared through Redis (or replaced in tests); in-memory ones for those not given. */
  budgets?: Partial<RateBudgets>;
  /** Allowances replacing the defaults of the in-memory budgets (the configuration's). */
  budgetPoints?: BudgetPoints;
  /** The per-user bound on requests running and waiting (the protocol's limits unless replaced in tests). */
  userWork?: UserWorkQueue;
  /** Sockets one user may hold on this process. */
  maxSocketsPerUser: number;
  /** Extra HTTP routes mounted at the root (the widget bundles, the demo). */
  extend?: (app: Hono<AppEnv>, services: Services) => void;
  /** Email and webhook settings ({@link DEFAULT_NOTIFY_CONFIG} for those not given). */
  notify?: Partial<NotifyConfig>;
  /** Replaces the SMTP mailer `notify.smtpUrl` would give (the demo's in-memory one); null: no email. */
  mailer?: Mailer | null;
  /** The job runner's clock (tests move it instead of sleeping). */
  clock?: () => number;
  /** Photo storage and URL secret; without them (tests), a temporary directory and a random secret. */
  photos?: PhotoOptions;
  /** `PARLEY_METRICS_TOKEN`: serves `/metrics` to `Authorization: Bearer <it>`; unset, no `/metrics`. */
  metricsToken?: string | null;
}

/** Every part of a process, built and wired, serving nothing until {@link Application.attach}. */
export interface Application {
  services: Services;
  /** The HTTP application (REST API, health checks, extra routes). */
  app: Hono<AppEnv>;
  /** The Socket.IO server; the Redis adapter, when there is one, goes in before `attach`. */
  io: ParleyIo;
  /** Runs the stored jobs (digest emails, webhook deliveries); started by the server once it listens. */
  jobs: JobRunner;
  /** Where digest emails go, or null when email is off. */
  mailer: Mailer | null;
  /** Serves Socket.IO on the HTTP server that serves `app`. */
  attach(httpServer: HttpServer): void;
  /**
   * Answers new socket requests `unavailable`, lets those in flight finish, disconnects every socket
   * (their queued acks written first), closes Socket.IO and its HTTP server, and waits for the
   * presence updates those disconnections started; each wait bounded by `graceMs`.
   */
  close(graceMs: number): Promise<void>;
}

/**
 * Builds the process: repositories on `sql`, the services, presence, the notifier that pushes their
 * events through Socket.IO, the HTTP application and the socket handlers. A new part (a worker, a
 * storage driver) is built here and handed to what uses it.
 */
export function createApplication(options: ApplicationOptions): Application {
  const { sql, logger, jwtAlgorithms } = options;
  const budgets = memoryBudgets(
    { ...options.budgets, ...(options.limiter ? { send: options.limiter } : {}) },
    options.budgetPoints,
  );
  const notify = { ...DEFAULT_NOTIFY_CONFIG, ...options.notify };
  const mailer =
    options.mailer !== undefined ? options.mailer : notify.smtpUrl ? createSmtpMailer(notify.smtpUrl, notify.mailFrom) : null;
  if (!mailer) logger.info('email off: PARLEY_SMTP_URL is not set, so no notification email will be sent');
  const sites = new SitesRepository(sql);
  const users = new UsersRepository(sql);
  const conversationsRepository = new ConversationsRepository(sql);
  const messagesRepository = new MessagesRepository(sql, {
    sendEffects: notificationSendEffects({
      defaultDelaySeconds: notify.emailDelaySeconds,
      emailOn: mailer !== null,
      clock: options.clock,
    }),
  });
  const listingsRepository = new ListingsRepository(sql);

  const photos = options.photos ?? {
    storage: new LocalStorage(join(tmpdir(), 'parley-uploads', randomUUID())),
    secret: randomBytes(32).toString('base64url'),
  };
  const signer = new UrlSigner(photos.secret, photos.now);
  const uploads = new UploadsService({
    repository: new UploadsRepository(sql),
    storage: photos.storage,
    signer,
    logger,
    concurrency: photos.concurrency,
    now: photos.now,
  });

  const io = createSocketServer({ sites, logger });
  const metrics = new ParleyMetrics({
    sql,
    logger,
    sockets: () => io.of('/').sockets.size,
    processMetrics: !!options.metricsToken,
  });
  // Every push reaches each member with photo URLs signed for them; the metrics time each one.
  const notifier = metrics.notifier(new SigningNotifier(new SocketNotifier(io), signer));
  const moderationRepository = new ModerationRepository(sql);
  const spam = new SpamGuard({ budgets, reports: moderationRepository });
  const conversations = new ConversationsService({
    repository: conversationsRepository,
    notifier,
    sites,
    listings: listingsRepository,
    logger,
  });
  const presence = new PresenceService({
    tracker: options.presence ?? new MemoryPresence(),
    repository: new PresenceRepository(sql),
    users,
    notifier,
  });
  const messages = new MessagesService({
    repository: messagesRepository,
    conversations,
    presence,
    limiter: budgets.send,
    sites,
    spam,
    notifier,
    logger,
    photos: uploads,
  });
  const services: Services = {
    sites,
    users,
    conversations,
    messages,
    sync: new SyncService({
      conversations: conversationsRepository,
      messages: messagesRepository,
      changes: new SyncChangesRepository(sql),
      sites,
    }),
    moderation: new ModerationService(moderationRepository),
    presence,
    uploads,
    apiKeys: new ApiKeysRepository(sql),
    listings: new ListingsService({ sql, repository: listingsRepository, sites, conversations, notifier }),
    moderationAdmin: new ModerationAdminService({
      reports: new ReportsRepository(sql),
      users,
      messages,
      conversations,
      notifier,
    }),
    webhooks: { endpoints: new WebhookEndpointsRepository(sql), jobs: new JobsRepository(sql) },
    userData: new UserDataService({ repository: new UserDataRepository(sql), uploads, conversations, notifier }),
    search: new SearchService({ repository: new SearchRepository(sql), budget: budgets.search }),
    budgets,
    spam,
    userWork: options.userWork ?? new UserWorkQueue(),
  };

  // REST and socket handshakes authenticate alike; a changed profile is pushed to the user's conversations.
  const auth: AuthenticateOptions = {
    sites,
    users,
    algorithms: jwtAlgorithms,
    onProfileChanged: (user) => conversations.profileChanged(user),
  };
  // Unsubscribe links point at the public URL; without PARLEY_PUBLIC_URL, at the address the server listens on.
  let publicUrl = notify.publicUrl ?? 'http://localhost';
  const jobs = new JobRunner({
    sql,
    logger,
    clock: options.clock,
    concurrency: notify.jobConcurrency,
    pollMs: notify.jobPollMs,
    leaseMs: notify.jobLeaseMs,
    onFailure: (kind, final) => metrics.jobFailed(kind, final),
    handlers: [
      digestJobHandler({ sql, mailer, defaultDelaySeconds: notify.emailDelaySeconds, publicUrl: () => publicUrl, logger }),
      webhookJobHandler({ sql, allowPrivate: notify.webhookAllowPrivate, logger }),
    ],
  });
  const app = createApp({
    services,
    auth,
    logger,
    ping: options.ping,
    extend: (root) => {
      root.route('/', unsubscribeRoutes({ sites, recipients: new RecipientsRepository(sql) }));
      if (options.metricsToken) root.route('/', metricsRoutes(metrics, options.metricsToken));
      options.extend?.(root, services);
    },
  });
  const stopSweeping = uploads.startSweeping(photos.sweepIntervalMs ?? 10 * 60 * 1000);
  const inFlight = new InFlight();
  let draining = false;
  serveSockets(io, {
    services,
    auth,
    logger,
    maxSocketsPerUser: options.maxSocketsPerUser,
    inFlight,
    draining: () => draining,
    metrics,
  });

  return {
    services,
    app,
    io,
    jobs,
    mailer,
    attach(httpServer) {
      io.attach(httpServer);
      if (!notify.publicUrl) {
        publicUrl = `http://localhost:${(httpServer.address() as AddressInfo).port}`;
        if (mailer) logger.warn({ publicUrl }, 'PARLEY_PUBLIC_URL is not set: unsubscribe links in emails point at this address');
      }
    },
    async close(graceMs) {
      draining = true;
      stopSweeping();
      const jobsStopped = jobs.stop(graceMs);
      await inFlight.idle(graceMs);
      await disconnectGracefully(io, graceMs);
      await io.close(); // closes the HTTP server
      // Offline announcements of the sockets just closed still need the database and Redis.
      await presence.idle(graceMs);
      await jobsStopped;
      mailer?.close?.();
    },
  };
}

/**
 * Disconnects this process's sockets, letting engine.io write what is still queued for each one
 * first: `io.close()` alone discards those write buffers, so an ack queued behind another packet
 * would be lost although its message is committed.
 */
async function disconnectGracefully(io: ParleyIo, timeoutMs: number): Promise<void> {
  const connections = [...io.of('/').sockets.values()].map((socket) => socket.conn);
  io.local.disconnectSockets(true);
  const closed = connections.map((connection) =>
    connection.readyState === 'closed'
      ? Promise.resolve()
      : new Promise<void>((resolve) => connection.once('close', () => resolve())),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
