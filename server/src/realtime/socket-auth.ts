// Socket.IO handshake checks: origin on every transport request, then token and site origin per socket.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { ConnectErrorData } from '../../../protocol/index.ts';
import { toParleyError } from '../errors.ts';
import { authenticate, type AuthenticateOptions } from '../identity/authenticate.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import { queryCarriesToken, tokenInUrlError } from '../identity/url-token.ts';
import type { Logger } from '../logger.ts';

/** What a connected socket knows about its user. */
export interface SocketData {
  siteId: string;
  userId: string;
  /** When the handshake's token stops being accepted (ms since the epoch): the socket is disconnected then. */
  tokenAcceptedUntil: number;
  /** The account's creation time from the handshake's token, when it said (see `Caller.accountCreatedAt`). */
  accountCreatedAt?: number;
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
export function refusal(data: ConnectErrorData): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(data.message), { data });
}

/** `io.use()` middleware: verifies the handshake token and the origin for the token's site. */
/** The refusals a handshake passes on as they are; any other failure is `unauthorized`. */
const HANDSHAKE_CODES: ReadonlySet<string> = new Set<ConnectErrorData['code']>(['forbidden_origin', 'unavailable', 'suspended']);

export function socketAuth(options: AuthenticateOptions, logger: Logger) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    const { handshake } = socket;
    if (queryCarriesToken(Object.entries(handshake.query))) {
      return next(refusal({ code: 'unauthorized', message: tokenInUrlError("the handshake's auth.token").message }));
    }
    try {
      const caller = await authenticate(handshake.auth?.token, handshake.headers.origin, options);
      socket.data = {
        siteId: caller.siteId,
        userId: caller.userId,
        tokenAcceptedUntil: caller.tokenAcceptedUntil,
        ...(caller.accountCreatedAt === undefined ? {} : { accountCreatedAt: caller.accountCreatedAt }),
      } satisfies SocketData;
      next();
    } catch (err) {
      const error = toParleyError(err);
      const code = HANDSHAKE_CODES.has(error.code) ? (error.code as ConnectErrorData['code']) : 'unauthorized';
      if (error.code === 'internal') logger.error({ err }, 'handshake failed');
      next(refusal({ code, message: error.message }));
    }
  };
}
