// How services push events to users: every socket of a user sits in that user's room.
import type { ServerToClientEvents } from '../../../protocol/index.ts';

/** The room every socket of one user joins; scoped by site, since user ids are only unique per site. */
export function userRoom(siteId: string, userId: string): string {
  return `user:${siteId}\u0000${userId}`;
}

/** Pushes server events to all tabs and devices of the given users. */
export interface Notifier {
  toUsers<E extends keyof ServerToClientEvents>(
    siteId: string,
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Disconnects every socket of the given users, on every process (a suspension). */
  disconnectUsers(siteId: string, userIds: readonly string[]): void;
}
