// The Notifier backed by Socket.IO rooms (and, through its adapter, by Redis across processes).
import type { Server } from 'socket.io';
import type { ServerToClientEvents } from '../../../protocol/index.ts';
import { type Notifier, userRoom } from './notifier.ts';

/** Emits to user rooms once `attach()` has given it the Socket.IO server. */
export class SocketNotifier implements Notifier {
  #io: Server | null = null;

  attach(io: Server): void {
    this.#io = io;
  }

  toUsers<E extends keyof ServerToClientEvents>(
    siteId: string,
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.#io || userIds.length === 0) return;
    const rooms = userIds.length === 1 ? userRoom(siteId, userIds[0]!) : [...new Set(userIds)].map((u) => userRoom(siteId, u));
    this.#io.to(rooms).emit(event, ...(args as unknown[]));
  }
}
