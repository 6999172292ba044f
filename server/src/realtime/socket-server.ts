// The Socket.IO server: origin checks on every transport request, then handshake auth, rooms, presence, handlers.
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../protocol/index.ts';
import type { AuthenticateOptions } from '../identity/authenticate.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import type { Logger } from '../logger.ts';
import type { ParleyMetrics } from '../metrics/metrics.ts';
import type { Services } from '../services.ts';
import type { InFlight } from './in-flight.ts';
import { userRoom } from './notifier.ts';
import { allowRequest, socketAuth, type SocketData } from './socket-auth.ts';
import { SocketCap } from './socket-cap.ts';
import { registerSocketHandlers, type ParleySocket } from './socket-handlers.ts';
import { disconnectAtTokenExpiry } from './token-expiry.ts';

/** The typed Socket.IO server. */
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface CreateSocketServerOptions {
  /** Where the allowed origins come from. */
  sites: SitesRepository;
  logger: Logger;
}

/**
 * The Socket.IO server at `/socket.io`, not attached yet (`io.attach(httpServer)` puts it on the HTTP
 * server of the REST API): what it pushes can be wired before anything listens.
 */
export function createSocketServer({ sites, logger }: CreateSocketServerOptions): ParleyIo {
  return new Server({
    path: '/socket.io',
    serveClient: false,
    // Hard cap per packet; payloads over the contract's 64 KB are refused with an ack by the handlers.
    maxHttpBufferSize: 256 * 1024,
    allowRequest: allowRequest(sites, logger),
    cors: {
      origin: (origin, callback) => {
        if (!origin) return callback(null, true);
        sites.allOrigins().then(
          (origins) => callback(null, origins.has(origin)),
          (err: unknown) => {
            // No CORS headers then; allowRequest, which runs next, answers the request `unavailable`.
            logger.warn({ err: String(err), origin }, 'socket cors origin lookup failed');
            callback(null, false);
          },
        );
      },
    },
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
}

export interface ServeSocketsOptions {
  services: Services;
  auth: AuthenticateOptions;
  logger: Logger;
  /** Sockets one user may hold on this process. */
  maxSocketsPerUser: number;
  inFlight: InFlight;
  draining: () => boolean;
  /** Told of each answered socket request. */
  metrics?: Pick<ParleyMetrics, 'requestAnswered'>;
}

/** Authenticates each handshake, then gives each socket its user's room, its presence and the event handlers. */
export function serveSockets(io: ParleyIo, options: ServeSocketsOptions): void {
  const { services, auth, logger, inFlight, draining, metrics } = options;
  const { presence } = services;
  io.use(socketAuth(auth, logger));
  const socketCap = new SocketCap(options.maxSocketsPerUser);
  io.use(socketCap.middleware());

  io.on('connection', (socket: ParleySocket) => {
    // The handshake's HTTP request, its headers and the token were needed to authenticate and check
    // the origin, and never again: dropped, they cost no memory for the life of the connection
    // (the socket.io docs' "discard the HTTP request" tip, done after auth, which needs the origin).
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.handshake.headers = {};
    socket.handshake.auth = {};
    const user = { siteId: socket.data.siteId, userId: socket.data.userId };
    void socket.join(userRoom(user.siteId, user.userId));
    disconnectAtTokenExpiry(socket);
    registerSocketHandlers(socket, { services, logger, inFlight, draining, socketCap, metrics });
    socket.on('disconnect', () => {
      presence.socketDisconnected(user).catch((err) => logger.warn({ err: String(err) }, 'presence update failed'));
    });
    presence
      .socketConnected(user, socket)
      // Presence degrades (Redis unreachable) without costing the socket its unread counts.
      .catch((err) => logger.warn({ err: String(err) }, 'presence update failed'))
      // In the user's work queue: reconnecting in a loop must not pile up queries either.
      .then(() => services.userWork.run(user, () => services.conversations.unread(user)))
      .then((unread) => socket.emit('unread', unread))
      .catch((err) => logger.warn({ err: String(err) }, 'connect bookkeeping failed'));
  });
}
