// Conversation use cases: contact a seller, view, list, archive, mute, read receipts, unread counts.
import type { Conversation, ConversationFilter, ListingCount, UnreadCounts } from '../../../protocol/index.ts';
import { BatchLoader } from '../batch-loader.ts';
import type { Caller } from '../caller.ts';
import { notFound, ParleyError } from '../errors.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import type { Logger } from '../logger.ts';
import type { ListingsRepository } from '../listings/listings.repository.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { ConversationsRepository, ListingInput, Participants } from './conversations.repository.ts';
import { checkListingUrls } from './listing-urls.ts';

export interface ConversationsServiceOptions {
  repository: ConversationsRepository;
  notifier: Notifier;
  /** Where a site's allowed origins and settings come from: listing links must stay on them. */
  sites: Pick<SitesRepository, 'get'>;
  /** The listings the site's server registered: their card, seller and status win over the page's. */
  listings: Pick<ListingsRepository, 'get'>;
  /** Where failures of background pushes are reported. */
  logger: Logger;
}

/** A changed name or picture is pushed in conversations active this recently… */
const PROFILE_PUSH_DAYS = 30;
/** …and in at most this many of them (the newest): older ones get it with their next sync or message. */
const PROFILE_PUSH_MAX_CONVERSATIONS = 200;
/** Conversations whose views one query reads when many change at once. */
const VIEWS_PER_QUERY = 250;

/** Everything a participant can do with a conversation. Non-members always get `not_found`. */
export class ConversationsService {
  readonly #repo: ConversationsRepository;
  readonly #notifier: Notifier;
  readonly #sites: Pick<SitesRepository, 'get'>;
  readonly #listings: Pick<ListingsRepository, 'get'>;
  readonly #logger: Logger;
  /** Participants never change after creation, so they can be remembered (bounded). */
  readonly #participants = new Map<string, Participants>();
  /** Unread counts asked for together (every send pushes one, every socket gets one) share a query. */
  readonly #unread: BatchLoader<Caller, UnreadCounts>;

  constructor({ repository, notifier, sites, listings, logger }: ConversationsServiceOptions) {
    this.#listings = listings;
    this.#repo = repository;
    this.#notifier = notifier;
    this.#sites = sites;
    this.#logger = logger;
    this.#unread = new BatchLoader(
      (users) => repository.unreadMany(users),
      (u) => `${u.siteId}\u0000${u.userId}`,
    );
  }

  /**
   * Gets or creates the caller's conversation with `sellerId` about `listing`. The listing's links
   * must stay on the site (a path, or one of its allowed origins): they are stored normalised. A
   * listing the site's server registered brings its own card, seller and status instead of the
   * page's; on a site with `verifiedListings`, an unregistered one is `not_found`.
   */
  async contact(
    caller: Caller,
    requestedSellerId: string,
    input: ListingInput,
  ): Promise<{ conversation: Conversation; created: boolean }> {
    const site = await this.#sites.get(caller.siteId);
    const registered = await this.#listings.get(caller.siteId, input.id);
    if (!registered && site?.verifiedListings) throw notFound('listing');
    const sellerId = registered?.sellerId ?? requestedSellerId;
    if (sellerId === caller.userId) throw new ParleyError('invalid', 'You cannot start a conversation with yourself.');
    const listing = registered
      ? { ...registered, id: input.id }
      : checkListingUrls({ ...input, status: null }, site?.allowedOrigins ?? []);
    const { id, sellerId: existingSeller, created } = await this.#repo.findOrCreate(caller, sellerId, listing);
    if (existingSeller !== sellerId) {
      throw new ParleyError('conflict', 'You already have a conversation about this listing with another seller.');
    }
    const conversation = await this.get(caller, id);
    // The buyer's other tabs learn of it now; the seller when the first message arrives.
    this.#notifier.toUsers(caller.siteId, [caller.userId], 'conversation:updated', conversation);
    return { conversation, created };
  }

  /** True when the caller already has a conversation about this listing (contacting again creates nothing). */
  exists(caller: Caller, listingId: string): Promise<boolean> {
    return this.#repo.exists(caller, listingId);
  }

  /** One conversation as the caller sees it. */
  async get(caller: Caller, id: string): Promise<Conversation> {
    const conversation = await this.#repo.view(caller, id);
    if (!conversation) throw notFound();
    return conversation;
  }

  /** A page of the caller's conversations. */
  list(caller: Caller, query: { before: number | null; limit: number; listingId?: string | null; filter?: ConversationFilter }) {
    return this.#repo.list(caller, query);
  }

  /** The caller's conversations as a seller, counted by listing ("12 conversations about City bike"). */
  listingCounts(caller: Caller): Promise<ListingCount[]> {
    return this.#repo.listingCounts(caller);
  }

  /** Hides a conversation for the caller only. */
  async archive(caller: Caller, id: string): Promise<void> {
    if (!(await this.#repo.archive(caller, id))) throw notFound();
    const conversation = await this.get(caller, id);
    this.#notifier.toUsers(caller.siteId, [caller.userId], 'conversation:updated', conversation);
    await this.pushUnread(caller);
  }

  /** Mutes or unmutes a conversation for the caller only; their other tabs get its new view. */
  async setMuted(caller: Caller, id: string, muted: boolean): Promise<void> {
    if (!(await this.#repo.setMuted(caller, id, muted))) throw notFound();
    const conversation = await this.get(caller, id);
    this.#notifier.toUsers(caller.siteId, [caller.userId], 'conversation:updated', conversation);
  }

  /** Moves the caller's read position and tells both parties. */
  async markRead(caller: Caller, id: string, seq: number): Promise<void> {
    const result = await this.#repo.markRead(caller, id, seq);
    if (!result) throw notFound();
    if (!result.moved) return;
    const parties = await this.participants(caller.siteId, id);
    if (parties) {
      this.#notifier.toUsers(caller.siteId, [parties.buyerId, parties.sellerId], 'conversation:read', {
        conversationId: id,
        userId: caller.userId,
        seq: result.readSeq,
      });
    }
    await this.pushUnread(caller);
  }

  /** The caller's unread counts. */
  unread(caller: Caller): Promise<UnreadCounts> {
    return this.#unread.load(caller);
  }

  /** Sends a user their current unread counts, on every tab. */
  async pushUnread(user: Caller): Promise<void> {
    const unread = await this.#unread.load(user);
    this.#notifier.toUsers(user.siteId, [user.userId], 'unread', unread);
  }

  /** Sends each listed member their own view of a conversation. */
  async pushViews(siteId: string, conversationId: string, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      const view = await this.#repo.view({ siteId, userId }, conversationId);
      if (view) this.#notifier.toUsers(siteId, [userId], 'conversation:updated', view);
    }
  }

  /**
   * Sends every member their own view of each conversation named, in queries of at most
   * {@link VIEWS_PER_QUERY} conversations (a listing's new card reaching all its conversations).
   */
  async pushViewsOf(siteId: string, conversationIds: readonly string[]): Promise<void> {
    for (let i = 0; i < conversationIds.length; i += VIEWS_PER_QUERY) {
      const views = await this.#repo.viewsOf(siteId, conversationIds.slice(i, i + VIEWS_PER_QUERY));
      for (const { viewerId, conversation } of views) {
        this.#notifier.toUsers(siteId, [viewerId], 'conversation:updated', conversation);
      }
    }
  }

  /**
   * A user's name or picture changed: every member of their recently active conversations gets each
   * one again, as they see it (their own unread count and archived flag). Bounded by
   * {@link PROFILE_PUSH_DAYS} and {@link PROFILE_PUSH_MAX_CONVERSATIONS}; one query for all views.
   */
  async pushProfile(user: Caller): Promise<void> {
    const since = new Date(Date.now() - PROFILE_PUSH_DAYS * 86_400_000);
    const views = await this.#repo.memberViews(user.siteId, user.userId, { since, limit: PROFILE_PUSH_MAX_CONVERSATIONS });
    for (const { viewerId, conversation } of views) {
      this.#notifier.toUsers(user.siteId, [viewerId], 'conversation:updated', conversation);
    }
  }

  /** {@link pushProfile} in the background (authentication does not wait for it); failures are logged. */
  profileChanged(user: Caller): void {
    this.pushProfile(user).catch((err) => this.#logger.warn({ err: String(err), userId: user.userId }, 'profile push failed'));
  }

  /** The participants of a conversation of this site (cached), or null. */
  async participants(siteId: string, id: string): Promise<Participants | null> {
    const key = `${siteId}\u0000${id}`;
    const hit = this.#participants.get(key);
    if (hit) return hit;
    const found = await this.#repo.participants(siteId, id);
    if (found) {
      if (this.#participants.size >= 100_000) this.#participants.clear();
      this.#participants.set(key, found);
    }
    return found;
  }

  /** True when the caller takes part in the conversation. */
  async isMember(caller: Caller, id: string): Promise<boolean> {
    const parties = await this.participants(caller.siteId, id);
    return parties !== null && (parties.buyerId === caller.userId || parties.sellerId === caller.userId);
  }
}
