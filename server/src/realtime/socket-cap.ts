// Caps the sockets one user holds open on this process: the handshake beyond the cap is refused.
import type { Socket } from 'socket.io';
import { refusal, type SocketData } from './socket-auth.ts';

/**
 * Counts each user's sockets on this process and refuses a handshake beyond `maxPerUser` with
 * `connect_error` code `rate_limited`. The count is per process, not shared through Redis: it bounds
 * what one user can hold of this process's memory and event loop, a process that dies takes its
 * counts with it (nothing stale to clean up), and the expensive requests are bounded per user across
 * processes by the shared budgets anyway. Behind a load balancer a user may thus hold up to
 * `maxPerUser` sockets on each process.
 */
export class SocketCap {
  readonly #maxPerUser: number;
  readonly #now: () => number;
  readonly #counts = new Map<string, number>();
  /** Users one of whose sockets was cut for flooding: no new socket until then (ms since epoch). */
  readonly #barredUntil = new Map<string, number>();

  constructor(maxPerUser: number, { now = Date.now }: { now?: () => number } = {}) {
    this.#maxPerUser = maxPerUser;
    this.#now = now;
  }

  /**
   * Refuses new sockets of this user for `ms`: one of theirs was cut for flooding, and coming straight
   * back on a fresh socket must not restart the flood. Their other sockets stay.
   */
  bar(siteId: string, userId: string, ms: number): void {
    const now = this.#now();
    if (this.#barredUntil.size >= 10_000) {
      for (const [key, until] of this.#barredUntil) if (until <= now) this.#barredUntil.delete(key);
    }
    this.#barredUntil.set(`${siteId}\u0000${userId}`, now + ms);
  }

  /** Sockets `siteId`/`userId` holds on this process (counting handshakes that passed the cap). */
  count(siteId: string, userId: string): number {
    return this.#counts.get(`${siteId}\u0000${userId}`) ?? 0;
  }

  /** `io.use()` middleware, after authentication (it reads `socket.data`). */
  middleware() {
    return (socket: Socket, next: (err?: Error) => void) => {
      const { siteId, userId } = socket.data as SocketData;
      const key = `${siteId}\u0000${userId}`;
      const barredUntil = this.#barredUntil.get(key);
      if (barredUntil !== undefined && this.#now() < barredUntil) {
        return next(refusal({ code: 'rate_limited', message: 'Too many requests from this user: try again in a few seconds.' }));
      }
      if (barredUntil !== undefined) this.#barredUntil.delete(key);
      const held = this.#counts.get(key) ?? 0;
      if (held >= this.#maxPerUser) {
        return next(
          refusal({
            code: 'rate_limited',
            message: `Too many connections for this user (at most ${this.#maxPerUser}): close another tab or try again later.`,
          }),
        );
      }
      this.#counts.set(key, held + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (this.#counts.get(key) ?? 1) - 1;
        if (left > 0) this.#counts.set(key, left);
        else this.#counts.delete(key);
      };
      // A connected socket ends with `disconnect`; one whose transport closed between this check and
      // the connection never connects, and only its transport's `close` tells.
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      next();
    };
  }
}
