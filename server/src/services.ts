// What the REST routes and socket handlers call; application.ts builds it.
import type { ApiKeysRepository } from './admin/api-keys.repository.ts';
import type { UserDataService } from './admin/user-data.service.ts';
import type { JobsRepository } from './jobs/jobs.repository.ts';
import type { WebhookEndpointsRepository } from './webhooks/webhook-endpoints.repository.ts';
import type { ConversationsService } from './conversations/conversations.service.ts';
import type { SitesRepository } from './identity/sites.repository.ts';
import type { UsersRepository } from './identity/users.repository.ts';
import type { ListingsService } from './listings/listings.service.ts';
import type { MessagesService } from './messages/messages.service.ts';
import type { SyncService } from './messages/sync.service.ts';
import type { ModerationAdminService } from './moderation/moderation-admin.service.ts';
import type { ModerationService } from './moderation/moderation.service.ts';
import type { RateBudgets } from './rate-limit.ts';
import type { SpamGuard } from './safety/spam-guard.ts';
import type { SearchService } from './search/search.service.ts';
import type { PresenceService } from './realtime/presence.service.ts';
import type { UploadsService } from './uploads/uploads.service.ts';
import type { UserWorkQueue } from './user-work-queue.ts';

/** Every service the REST routes and socket handlers call. */
export interface Services {
  sites: SitesRepository;
  users: UsersRepository;
  conversations: ConversationsService;
  messages: MessagesService;
  sync: SyncService;
  moderation: ModerationService;
  presence: PresenceService;
  /** Photos: uploads, their signed URLs, their lifecycle, and the per-user export and erasure. */
  uploads: UploadsService;
  /** The server API's keys, each acting for one site. */
  apiKeys: ApiKeysRepository;
  /** Listings the site's server registers, and its notes in conversations. */
  listings: ListingsService;
  /** The site's moderators' side: reports, suspensions. */
  moderationAdmin: ModerationAdminService;
  /** A user's data on the site's request: export and erasure. */
  userData: UserDataService;
  /** A site's webhook endpoints, and the jobs table where failed deliveries wait for a retry. */
  webhooks: { endpoints: WebhookEndpointsRepository; jobs: JobsRepository };
  search: SearchService;
  /** Per-user allowances of the expensive requests, spent by the socket handlers and REST routes. */
  budgets: RateBudgets;
  /** Hourly allowances of new conversations and of repeated first messages, tighter for young or reported users. */
  spam: SpamGuard;
  /** Per-user bound on requests running and waiting, whichever transport they came by. */
  userWork: UserWorkQueue;
}
