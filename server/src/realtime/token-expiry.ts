// A socket lives no longer than its handshake's token: at expiry it is told why, then disconnected.
import type { Ack, SessionExpiredEvent } from '../../../protocol/index.ts';
import type { ParleySocket } from './socket-handlers.ts';

/** Longest delay setTimeout accepts; tokens live at most 24 h, far below it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const EXPIRED: SessionExpiredEvent = {
  code: 'token_expired',
  message: 'The token of this connection has expired: reconnect with a fresh one.',
};

/**
 * Ends `socket` when its token stops being accepted (`socket.data.tokenAcceptedUntil`: `exp` plus the
 * clock skew, when REST and a new handshake would refuse it too). The socket first gets
 * `session:expired`, so that the client reconnects with a token it has not used yet instead of retrying
 * the old one, then is disconnected. A timer does it on time; a middleware refuses any request that
 * arrives past the deadline before the timer ran (a busy event loop), so nothing is done on an expired
 * token. The timer is cleared when the socket disconnects first. Register before the event handlers.
 */
export function disconnectAtTokenExpiry(socket: ParleySocket): void {
  const deadline = socket.data.tokenAcceptedUntil;
  let expired = false;
  const expire = () => {
    if (expired) return;
    expired = true;
    socket.emit('session:expired', EXPIRED);
    socket.disconnect(true);
  };
  const timer = setTimeout(expire, Math.min(Math.max(0, deadline - Date.now()), MAX_TIMER_MS));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
  socket.use((packet, next) => {
    if (Date.now() < socket.data.tokenAcceptedUntil) return next();
    const last = packet[packet.length - 1];
    if (typeof last === 'function') {
      (last as (ack: Ack<never>) => void)({ ok: false, error: { code: 'unauthorized', message: EXPIRED.message } });
    }
    expire();
  });
}
