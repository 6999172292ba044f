// Listings registered by the site's server: the registry, the live card of every conversation about one, status messages.
import type { Listing, Message, SystemContent } from '../../../protocol/index.ts';
import type { ConversationsService } from '../conversations/conversations.service.ts';
import { checkListingUrls } from '../conversations/listing-urls.ts';
import type { Sql } from '../db/sql.ts';
import { notFound } from '../errors.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import { insertSystemMessages } from '../messages/system-messages.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { ListingInput, ListingsRepository } from './listings.repository.ts';

export interface ListingsServiceOptions {
  sql: Sql;
  repository: ListingsRepository;
  sites: Pick<SitesRepository, 'get'>;
  conversations: Pick<ConversationsService, 'pushViews' | 'pushViewsOf' | 'participants'>;
  notifier: Notifier;
}

/** What the server API does with listings and with the site's own notes in conversations. */
export class ListingsService {
  readonly #options: ListingsServiceOptions;

  constructor(options: ListingsServiceOptions) {
    this.#options = options;
  }

  /**
   * Registers or replaces a listing. Its links must stay on the site like a page's would. Both
   * parties of every conversation about it get the new card at once, and the status message when
   * the status changed.
   */
  async register(siteId: string, input: ListingInput): Promise<Listing> {
    const { repository, sites, conversations } = this.#options;
    const site = await sites.get(siteId);
    const checked = checkListingUrls(input, site?.allowedOrigins ?? []);
    const result = await repository.register(siteId, { ...input, url: checked.url, imageUrl: checked.imageUrl });
    this.#announce(siteId, result.systemMessages, result.conversations);
    await conversations.pushViewsOf(
      siteId,
      result.conversations.map((c) => c.id),
    );
    return result.listing;
  }

  /** Posts the site's own note into one of its conversations: both parties see it as a system message. */
  async postText(siteId: string, conversationId: string, text: string): Promise<Message> {
    const { sql, conversations } = this.#options;
    const parties = await conversations.participants(siteId, conversationId);
    if (!parties) throw notFound();
    const content: SystemContent = { type: 'text', text };
    const [message] = await insertSystemMessages(sql, siteId, sql`c.id = ${conversationId}`, content);
    if (!message) throw notFound();
    const members = [{ id: conversationId, buyerId: parties.buyerId, sellerId: parties.sellerId }];
    this.#announce(siteId, [message], members);
    await conversations.pushViews(siteId, conversationId, [parties.buyerId, parties.sellerId]);
    return message;
  }

  #announce(
    siteId: string,
    messages: readonly Message[],
    members: ReadonlyArray<{ id: string; buyerId: string; sellerId: string }>,
  ): void {
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const message of messages) {
      const c = byId.get(message.conversationId);
      if (c) this.#options.notifier.toUsers(siteId, [c.buyerId, c.sellerId], 'message:created', message);
    }
  }
}
