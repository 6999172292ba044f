// Online/offline presence, told only to those the user has written to: opening a conversation reveals nothing.
import type { Socket } from 'socket.io';
import type { Presence } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { UsersRepository } from '../identity/users.repository.ts';
import { InFlight } from './in-flight.ts';
import type { Notifier } from './notifier.ts';
import type { PresenceRepository } from './presence.repository.ts';
import type { PresenceTracker } from './presence.ts';

export interface PresenceServiceOptions {
  tracker: PresenceTracker;
  repository: Pick<PresenceRepository, 'circle'>;
  users: Pick<UsersRepository, 'lastSeen' | 'touchLastSeen'>;
  notifier: Notifier;
}

/**
 * Announces users coming online and going offline, and tells a new socket who is online. The rule,
 * on every path (live pushes and a socket's first snapshot): user X gets user Y's presence only once
 * Y has written in a conversation they share. Without it, anyone could open a conversation with
 * anyone and follow their comings and goings while the target sees nothing.
 */
export class PresenceService {
  readonly #tracker: PresenceTracker;
  readonly #repository: Pick<PresenceRepository, 'circle'>;
  readonly #users: Pick<UsersRepository, 'lastSeen' | 'touchLastSeen'>;
  readonly #notifier: Notifier;
  /** Updates still running: a shutdown waits for them before closing Redis and the database. */
  readonly #work = new InFlight();

  constructor({ tracker, repository, users, notifier }: PresenceServiceOptions) {
    this.#tracker = tracker;
    this.#repository = repository;
    this.#users = users;
    this.#notifier = notifier;
    tracker.onOffline?.((user) => this.#work.run(() => this.#wentOffline(user)));
  }

  /** Resolves once no presence update is running, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    return this.#work.idle(timeoutMs);
  }

  /** A socket of `user` connected: tell their watchers if they just came online, and tell the socket whom it may see. */
  socketConnected(user: Caller, socket: Socket): Promise<void> {
    return this.#work.run(() => this.#connected(user, socket));
  }

  async #connected(user: Caller, socket: Socket): Promise<void> {
    const cameOnline = await this.#tracker.connected(user.siteId, user.userId);
    const { watchers, watched } = await this.#repository.circle(user);
    if (cameOnline) {
      const presence: Presence = { userId: user.userId, online: true, lastSeenAt: new Date().toISOString() };
      this.#notifier.toUsers(user.siteId, watchers, 'presence', presence);
    }
    for (const presence of await this.#current(user.siteId, watched)) socket.emit('presence', presence);
  }

  /** A socket of `user` went away: when it was their last, record and announce it. */
  socketDisconnected(user: Caller): Promise<void> {
    return this.#work.run(async () => {
      if (await this.#tracker.disconnected(user.siteId, user.userId)) await this.#wentOffline(user);
    });
  }

  /**
   * `sender` has just written for the first time in a conversation with `viewerId`: from now on the
   * viewer may see the sender's presence, and gets it at once rather than at the next change.
   */
  firstMessage(sender: Caller, viewerId: string): Promise<void> {
    return this.#work.run(async () => {
      const [presence] = await this.#current(sender.siteId, [sender.userId]);
      this.#notifier.toUsers(sender.siteId, [viewerId], 'presence', presence!);
    });
  }

  /** Records when the user was last seen and tells their watchers they are offline. */
  async #wentOffline(user: Caller): Promise<void> {
    const at = new Date();
    await this.#users.touchLastSeen(user.siteId, user.userId, at);
    const { watchers } = await this.#repository.circle(user);
    this.#notifier.toUsers(user.siteId, watchers, 'presence', {
      userId: user.userId,
      online: false,
      lastSeenAt: at.toISOString(),
    });
  }

  /** The presence of each of these users now. */
  async #current(siteId: string, userIds: string[]): Promise<Presence[]> {
    if (userIds.length === 0) return [];
    const [online, lastSeen] = await Promise.all([this.#tracker.online(siteId, userIds), this.#users.lastSeen(siteId, userIds)]);
    return userIds.map((id) => ({ userId: id, online: online.has(id), lastSeenAt: lastSeen.get(id) ?? null }));
  }
}
