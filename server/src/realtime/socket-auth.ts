// Socket.IO handshake checks: origin on every transport request, then token and site origin per socket.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { ConnectErrorData } from '../../../protocol/index.ts';
import { toParleyError } from '../errors.ts';
import { authenticate, type AuthenticateOptions } from '../identity/authenticate.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import type { Logger } from '../logger.ts';

/** What a connected socket knows about its user. */
export interface SocketData {
  siteId: string;
  userId: string;
}

/**
 * Engine.IO's `allowRequest`: runs for every HTTP request of both transports (polling requests and
 * the websocket upgrade) and refuses a browser origin that no site allows.
 */
export function allowRequest(sites: SitesRepository, logger: Logger) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, true);
    sites.allOrigins().then(
      (origins) => callback(origins.has(origin) ? null : 'forbidden_origin', origins.has(origin)),
      (err) => {
        logger.warn({ err: String(err) }, 'origin check failed');
        callback('unavailable', false);
      },
    );
  };
}

/** A `connect_error` the client can read: `err.data.code` says why. */
function refusal(data: ConnectErrorData): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(data.message), { data });
}

/** `io.use()` middleware: verifies the handshake token and the origin for the token's site. */
export function socketAuth(options: AuthenticateOptions, logger: Logger) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    const { handshake } = socket;
    if (handshake.query.token !== undefined || handshake.query.access_token !== undefined) {
      return next(refusal({ code: 'unauthorized', message: 'Tokens are never accepted in the URL: use auth.token.' }));
    }
    try {
      const caller = await authenticate(handshake.auth?.token, handshake.headers.origin, options);
      socket.data = { siteId: caller.siteId, userId: caller.userId } satisfies SocketData;
      next();
    } catch (err) {
      const error = toParleyError(err);
      const code = error.code === 'forbidden_origin' || error.code === 'unavailable' ? error.code : 'unauthorized';
      if (error.code === 'internal') logger.error({ err }, 'handshake failed');
      next(refusal({ code, message: error.message }));
    }
  };
}
