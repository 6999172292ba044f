// Tracks which users have at least one connected socket, in this process (Redis-backed when scaled out).
import type { Caller } from '../caller.ts';

/** Counts sockets per user; `online` is true while the count is above zero. */
export interface PresenceTracker {
  /** Records a new socket; true when the user just came online. */
  connected(siteId: string, userId: string): Promise<boolean>;
  /** Records a socket gone; true when that was the user's last one. */
  disconnected(siteId: string, userId: string): Promise<boolean>;
  /** Which of these users are online. */
  online(siteId: string, userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Registers who to tell when users go offline without a disconnect in this process: their sockets
   * were on another process that died (only trackers shared between processes have this).
   */
  onOffline?(listener: (user: Caller) => Promise<void>): void;
}

/** Presence for a single server process. */
export class MemoryPresence implements PresenceTracker {
  readonly #sockets = new Map<string, number>();

  async connected(siteId: string, userId: string): Promise<boolean> {
    const key = `${siteId}\u0000${userId}`;
    const n = (this.#sockets.get(key) ?? 0) + 1;
    this.#sockets.set(key, n);
    return n === 1;
  }

  async disconnected(siteId: string, userId: string): Promise<boolean> {
    const key = `${siteId}\u0000${userId}`;
    const n = (this.#sockets.get(key) ?? 1) - 1;
    if (n <= 0) this.#sockets.delete(key);
    else this.#sockets.set(key, n);
    return n <= 0;
  }

  async online(siteId: string, userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.#sockets.has(`${siteId}\u0000${id}`)));
  }
}
