// A user's data on request of the site (GDPR rights of access and erasure): export everything, erase what is theirs.
import type { ConversationsService } from '../conversations/conversations.service.ts';
import { notFound } from '../errors.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { UploadRecord, UploadsService } from '../uploads/uploads.service.ts';
import type { StoredUserData, UserDataRepository } from './user-data.repository.ts';

/** The export: what the database holds about the user, and their photos. */
export interface UserExport extends StoredUserData {
  photos: UploadRecord[];
}

export interface UserDataServiceOptions {
  repository: UserDataRepository;
  uploads: Pick<UploadsService, 'exportForUser' | 'eraseForUser'>;
  conversations: Pick<ConversationsService, 'participants' | 'pushProfile' | 'pushUnread'>;
  notifier: Notifier;
}

/** Export and erasure of one user of a site, for the server API. */
export class UserDataService {
  readonly #options: UserDataServiceOptions;

  constructor(options: UserDataServiceOptions) {
    this.#options = options;
  }

  /** Everything Parley holds about the user; `not_found` when the site has no such user. */
  async export(siteId: string, userId: string): Promise<UserExport> {
    const { repository, uploads } = this.#options;
    const stored = await repository.export({ siteId, userId });
    if (!stored) throw notFound('user');
    return { ...stored, photos: await uploads.exportForUser({ siteId, userId }) };
  }

  /**
   * Erases the user's profile, email, message texts and photos. Their messages stay as tombstones,
   * so the other party's thread keeps its numbering; that party's tabs are told at once. The user's
   * own sockets are closed.
   */
  async erase(siteId: string, userId: string): Promise<void> {
    const { repository, uploads, conversations, notifier } = this.#options;
    const erased = await repository.erase({ siteId, userId });
    if (!erased) throw notFound('user');
    await uploads.eraseForUser({ siteId, userId });
    notifier.disconnectUsers(siteId, [userId]);
    const counterparts = new Set<string>();
    for (const event of erased.tombstones) {
      const parties = await conversations.participants(siteId, event.conversationId);
      if (!parties) continue;
      notifier.toUsers(siteId, [parties.buyerId, parties.sellerId], 'message:deleted', event);
      counterparts.add(parties.buyerId === userId ? parties.sellerId : parties.buyerId);
    }
    for (const other of counterparts) await conversations.pushUnread({ siteId, userId: other });
    await conversations.pushProfile({ siteId, userId });
  }
}
