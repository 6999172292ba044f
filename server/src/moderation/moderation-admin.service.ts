// What the site's moderators do through the server API: work through reports, suspend and reinstate users.
import { notFound, ParleyError } from '../errors.ts';
import type { ConversationsService } from '../conversations/conversations.service.ts';
import type { UsersRepository } from '../identity/users.repository.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { ReportAction, ReportsRepository, ReportView } from './reports.repository.ts';

export interface ModerationAdminOptions {
  reports: ReportsRepository;
  users: Pick<UsersRepository, 'setSuspended'>;
  messages: Pick<MessagesService, 'delete'>;
  conversations: Pick<ConversationsService, 'pushProfile'>;
  notifier: Notifier;
}

/** Moderation by the site (its server, with an API key): every method is scoped to one site. */
export class ModerationAdminService {
  readonly #options: ModerationAdminOptions;

  constructor(options: ModerationAdminOptions) {
    this.#options = options;
  }

  /** The site's reports, oldest first, each with the reported message and its neighbours. */
  reports(siteId: string, status: 'open' | 'resolved', limit: number): Promise<ReportView[]> {
    return this.#options.reports.list(siteId, status, limit);
  }

  /**
   * Resolves an open report: dismissing it, deleting the reported message (a tombstone for both
   * parties) or suspending the user it is about. `conflict` when it was resolved already.
   */
  async resolve(siteId: string, id: string, action: ReportAction): Promise<ReportView> {
    const { reports, messages } = this.#options;
    const report = await reports.get(siteId, id);
    if (!report) throw notFound('report');
    if (report.status === 'resolved') throw new ParleyError('conflict', 'This report is already resolved.');
    if (action === 'delete_message') {
      if (!report.messageId) throw new ParleyError('invalid', 'This report names no message to delete.');
      // Deleted as its sender would: the same tombstone, events and unread counts.
      await messages.delete({ siteId, userId: report.reportedUserId }, report.messageId);
    }
    if (action === 'suspend_user') await this.suspend(siteId, report.reportedUserId, true);
    if (!(await reports.resolve(siteId, id, action))) throw new ParleyError('conflict', 'This report is already resolved.');
    return (await reports.get(siteId, id))!;
  }

  /**
   * Suspends a user (their sockets are cut on every process, handshakes and requests refused
   * `suspended`) or lifts it. Their counterparts see the change on their conversations at once.
   */
  async suspend(siteId: string, userId: string, suspended: boolean): Promise<void> {
    const { users, notifier, conversations } = this.#options;
    if (!(await users.setSuspended(siteId, userId, suspended))) throw notFound('user');
    if (suspended) notifier.disconnectUsers(siteId, [userId]);
    await conversations.pushProfile({ siteId, userId });
  }
}
