// The Notifier backed by Socket.IO rooms (and, through its adapter, by Redis across processes).
import type { Server } from 'socket.io';
import type { ServerToClientEvents } from '../../../protocol/index.ts';
import { type Notifier, userRoom } from './notifier.ts';

/** Emits to user rooms of one Socket.IO server. */
export class SocketNotifier implements Notifier {
  readonly #io: Server;

  constructor(io: Server) {
    this.#io = io;
  }

  toUsers<E extends keyof ServerToClientEvents>(
    siteId: string,
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    if (userIds.length === 0) return;
    const rooms = userIds.length === 1 ? userRoom(siteId, userIds[0]!) : [...new Set(userIds)].map((u) => userRoom(siteId, u));
    this.#io.to(rooms).emit(event, ...(args as unknown[]));
  }

  disconnectUsers(siteId: string, userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    this.#io.in(userIds.map((u) => userRoom(siteId, u))).disconnectSockets(true);
  }
}
