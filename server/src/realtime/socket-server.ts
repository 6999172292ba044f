// Creates the Socket.IO server on the HTTP server: handshake checks, rooms, presence, handlers.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../protocol/index.ts';
import type { Logger } from '../logger.ts';
import { authOptions, type Services } from '../services.ts';
import type { InFlight } from './in-flight.ts';
import { userRoom } from './notifier.ts';
import type { PresenceService } from './presence.service.ts';
import { allowRequest, socketAuth, type SocketData } from './socket-auth.ts';
import { registerSocketHandlers, type ParleySocket } from './socket-handlers.ts';

export interface CreateSocketServerOptions {
  services: Services;
  presence: PresenceService;
  logger: Logger;
  jwtAlgorithms: string[];
  inFlight: InFlight;
  draining: () => boolean;
}

/** The typed Socket.IO server. */
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Attaches Socket.IO at `/socket.io` on the same HTTP server as the REST API. */
export function createSocketServer(httpServer: HttpServer, options: CreateSocketServerOptions): ParleyIo {
  const { services, presence, logger, jwtAlgorithms, inFlight, draining } = options;
  const io: ParleyIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Hard cap per packet; payloads over the contract's 64 KB are refused with an ack by the handlers.
    maxHttpBufferSize: 256 * 1024,
    allowRequest: allowRequest(services.sites, logger),
    cors: {
      origin: (origin, callback) => {
        if (!origin) return callback(null, true);
        services.sites.allOrigins().then(
          (origins) => callback(null, origins.has(origin)),
          () => callback(null, false),
        );
      },
    },
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  io.use(socketAuth(authOptions(services, jwtAlgorithms), logger));

  io.on('connection', (socket: ParleySocket) => {
    // The handshake's HTTP request, its headers and the token were needed to authenticate and check
    // the origin, and never again: dropped, they cost no memory for the life of the connection
    // (the socket.io docs' "discard the HTTP request" tip, done after auth, which needs the origin).
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.handshake.headers = {};
    socket.handshake.auth = {};
    const user = { siteId: socket.data.siteId, userId: socket.data.userId };
    void socket.join(userRoom(user.siteId, user.userId));
    registerSocketHandlers(socket, { services, logger, inFlight, draining });
    socket.on('disconnect', () => {
      presence.socketDisconnected(user).catch((err) => logger.warn({ err: String(err) }, 'presence update failed'));
    });
    presence
      .socketConnected(user, socket)
      .then(() => services.conversations.unread(user))
      .then((unread) => socket.emit('unread', unread))
      .catch((err) => logger.warn({ err: String(err) }, 'connect bookkeeping failed'));
  });
  return io;
}
