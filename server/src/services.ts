// Builds the services from a database connection: the one place where the domain pieces are wired.
import { ConversationsRepository } from './conversations/conversations.repository.ts';
import { ConversationsService } from './conversations/conversations.service.ts';
import type { Sql } from './db/sql.ts';
import type { AuthenticateOptions } from './identity/authenticate.ts';
import type { Logger } from './logger.ts';
import { SitesRepository } from './identity/sites.repository.ts';
import { UsersRepository } from './identity/users.repository.ts';
import { MessagesRepository } from './messages/messages.repository.ts';
import { MessagesService } from './messages/messages.service.ts';
import { SyncService } from './messages/sync.service.ts';
import { ModerationRepository } from './moderation/moderation.repository.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { SendRateLimiter } from './rate-limit.ts';
import type { Notifier } from './realtime/notifier.ts';

/** Every service the REST routes and socket handlers call. */
export interface Services {
  sites: SitesRepository;
  users: UsersRepository;
  conversations: ConversationsService;
  messages: MessagesService;
  sync: SyncService;
  moderation: ModerationService;
}

export interface CreateServicesOptions {
  sql: Sql;
  notifier: Notifier;
  limiter?: SendRateLimiter;
  /** Where failures of background work (pushes that follow an ack) are reported. */
  logger?: Logger;
}

/** Wires repositories and services around one database client. */
export function createServices({ sql, notifier, limiter = new SendRateLimiter(), logger }: CreateServicesOptions): Services {
  const conversationsRepo = new ConversationsRepository(sql);
  const messagesRepo = new MessagesRepository(sql);
  const conversations = new ConversationsService({ repository: conversationsRepo, notifier, logger });
  return {
    sites: new SitesRepository(sql),
    users: new UsersRepository(sql),
    conversations,
    messages: new MessagesService({ repository: messagesRepo, conversations, limiter, notifier, logger }),
    sync: new SyncService(conversationsRepo, messagesRepo),
    moderation: new ModerationService(new ModerationRepository(sql)),
  };
}

/** What REST and socket authentication need: a changed profile is pushed to the user's conversations. */
export function authOptions(services: Services, algorithms: string[]): AuthenticateOptions {
  return {
    sites: services.sites,
    users: services.users,
    algorithms,
    onProfileChanged: (user) => services.conversations.profileChanged(user),
  };
}
