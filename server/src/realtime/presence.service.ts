// Online/offline presence: who is connected, told to everyone who shares a conversation with them.
import type { Socket } from 'socket.io';
import type { Presence } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
import type { UsersRepository } from '../identity/users.repository.ts';
import { InFlight } from './in-flight.ts';
import type { Notifier } from './notifier.ts';
import type { PresenceTracker } from './presence.ts';

export interface PresenceServiceOptions {
  tracker: PresenceTracker;
  conversations: ConversationsRepository;
  users: UsersRepository;
  notifier: Notifier;
}

/** Announces users coming online and going offline, and tells a new socket who is online. */
export class PresenceService {
  readonly #o: PresenceServiceOptions;
  /** Updates still running: a shutdown waits for them before closing Redis and the database. */
  readonly #work = new InFlight();

  constructor(options: PresenceServiceOptions) {
    this.#o = options;
    options.tracker.onOffline?.((user) => this.#work.run(() => this.#wentOffline(user)));
  }

  /** Resolves once no presence update is running, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    return this.#work.idle(timeoutMs);
  }

  /** A socket of `user` connected: tell their counterparts if they just came online, and tell the socket. */
  socketConnected(user: Caller, socket: Socket): Promise<void> {
    return this.#work.run(() => this.#connected(user, socket));
  }

  async #connected(user: Caller, socket: Socket): Promise<void> {
    const { tracker, conversations, users, notifier } = this.#o;
    const cameOnline = await tracker.connected(user.siteId, user.userId);
    const counterparts = await conversations.counterparts(user);
    if (counterparts.length === 0) return;
    if (cameOnline) {
      const presence: Presence = { userId: user.userId, online: true, lastSeenAt: new Date().toISOString() };
      notifier.toUsers(user.siteId, counterparts, 'presence', presence);
    }
    const [online, lastSeen] = await Promise.all([
      tracker.online(user.siteId, counterparts),
      users.lastSeen(user.siteId, counterparts),
    ]);
    for (const id of counterparts) {
      socket.emit('presence', { userId: id, online: online.has(id), lastSeenAt: lastSeen.get(id) ?? null });
    }
  }

  /** A socket of `user` went away: when it was their last, record and announce it. */
  socketDisconnected(user: Caller): Promise<void> {
    return this.#work.run(async () => {
      if (await this.#o.tracker.disconnected(user.siteId, user.userId)) await this.#wentOffline(user);
    });
  }

  /** Records when the user was last seen and tells their counterparts they are offline. */
  async #wentOffline(user: Caller): Promise<void> {
    const { conversations, users, notifier } = this.#o;
    const at = new Date();
    await users.touchLastSeen(user.siteId, user.userId, at);
    const counterparts = await conversations.counterparts(user);
    notifier.toUsers(user.siteId, counterparts, 'presence', { userId: user.userId, online: false, lastSeenAt: at.toISOString() });
  }
}
