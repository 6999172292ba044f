// Message use cases: send exactly once, read pages, delete as a tombstone, and fan the results out.
import type { Message } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsService } from '../conversations/conversations.service.ts';
import { fanOutChannel, timeFor } from '../diagnostics.ts';
import { notFound, ParleyError } from '../errors.ts';
import type { SendRateLimiter } from '../rate-limit.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { PresenceService } from '../realtime/presence.service.ts';
import type { UploadsService } from '../uploads/uploads.service.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import { checkMessage } from '../safety/check-message.ts';
import type { SpamGuard } from '../safety/spam-guard.ts';
import type { SendInput } from './inserted-message.ts';
import type { MessagesRepository } from './messages.repository.ts';
import { SendBatcher } from './send-batcher.ts';

export interface MessagesServiceOptions {
  repository: MessagesRepository;
  conversations: ConversationsService;
  /** Told of a sender's first message in a conversation: the recipient may see their presence from then on. */
  presence?: Pick<PresenceService, 'firstMessage'>;
  limiter: SendRateLimiter;
  /** Where each site's safety settings (contact masking, rule extensions) and allowed origins come from. */
  sites: Pick<SitesRepository, 'get'>;
  /** Slows the same first message sent to many people. */
  spam: Pick<SpamGuard, 'checkFirstMessage' | 'countFirstMessage'>;
  notifier: Notifier;
  /** Reports failures of the pushes that follow a send's ack. */
  logger: Logger;
  /** Removes a deleted message's photos. */
  photos?: Pick<UploadsService, 'removeForMessage'>;
}

/** What `send` gives back: the stored message, and whether this call stored it. */
export interface SendResult {
  message: Message;
  created: boolean;
}

/** Sends, pages and deletes messages. */
export class MessagesService {
  readonly #repo: MessagesRepository;
  readonly #conversations: ConversationsService;
  readonly #presence: Pick<PresenceService, 'firstMessage'> | undefined;
  readonly #limiter: SendRateLimiter;
  readonly #notifier: Notifier;
  readonly #batcher: SendBatcher;
  readonly #logger: Logger;
  readonly #sites: Pick<SitesRepository, 'get'>;
  readonly #spam: Pick<SpamGuard, 'checkFirstMessage' | 'countFirstMessage'>;
  readonly #photos: Pick<UploadsService, 'removeForMessage'> | undefined;

  constructor({ repository, conversations, presence, limiter, sites, spam, notifier, logger, photos }: MessagesServiceOptions) {
    this.#repo = repository;
    this.#sites = sites;
    this.#spam = spam;
    this.#photos = photos;
    this.#logger = logger;
    this.#batcher = new SendBatcher(repository);
    this.#conversations = conversations;
    this.#presence = presence;
    this.#limiter = limiter;
    this.#notifier = notifier;
  }

  /**
   * Stores a message once per (sender, clientId) and tells both parties. Resolves only after the
   * commit; a repeated clientId resolves with the original message and `created: false`. Before
   * storing, the site's safety rules run (contract section 11): contact details masked when the site
   * asks, warnings for the recipient listed; a text already sent as the first message to many people
   * is refused `rate_limited` for a while.
   */
  async send(caller: Caller, input: SendInput): Promise<SendResult> {
    await this.#limiter.consume(caller);
    // A message of photos only has no text to compare: the repeated-first-message limit is about text.
    if (input.body) await this.#spam.checkFirstMessage(caller, input.body);
    const site = await this.#sites.get(caller.siteId);
    const checked = site ? checkMessage(input.body, site) : null;
    const stored = checked ? { ...input, body: checked.body, masked: checked.masked, warnings: checked.warnings } : input;
    // A send with photos claims uploads: it runs on its own statement rather than in a batch.
    const inserted = stored.attachments?.length
      ? await this.#repo.insert(caller, stored)
      : await this.#batcher.insert(caller, stored);
    if (!inserted) return { message: await this.#explainNothingStored(caller, input), created: false };

    const { message, buyerId, sellerId, unarchived, firstFromSender } = inserted;
    if (firstFromSender && caller.userId === buyerId && input.body) {
      this.#spam
        .countFirstMessage(caller, input.body)
        .catch((err) => this.#logger.warn({ err: String(err), userId: caller.userId }, 'counting a first message failed'));
    }
    const recipient = caller.userId === buyerId ? sellerId : buyerId;
    const fanOutStart = timeFor(fanOutChannel);
    this.#notifier.toUsers(caller.siteId, [buyerId, sellerId], 'message:created', message);
    if (fanOutStart) fanOutChannel.publish({ ms: performance.now() - fanOutStart });
    if (firstFromSender) {
      this.#presence
        ?.firstMessage(caller, recipient)
        .catch((err) => this.#logger.warn({ err: String(err), userId: caller.userId }, 'presence after first message failed'));
    }
    // The ack does not wait for the pushes below: the message is committed and on its way already.
    this.#pushAfterSend(caller, message, recipient, unarchived).catch((err) =>
      this.#logger.warn({ err: String(err), conversationId: message.conversationId }, 'push after send failed'),
    );
    return { message, created: true };
  }

  /** Views the recipient cannot derive from message:created (a conversation new to them, or un-hidden), then unread counts. */
  async #pushAfterSend(caller: Caller, message: Message, recipient: string, unarchived: string[]): Promise<void> {
    const refresh = new Set(unarchived);
    if (message.seq === 1) refresh.add(recipient);
    await this.#conversations.pushViews(caller.siteId, message.conversationId, [...refresh]);
    await this.#conversations.pushUnread({ siteId: caller.siteId, userId: recipient });
    if (unarchived.includes(caller.userId)) await this.#conversations.pushUnread(caller);
  }

  /** Returns the original message for a repeated clientId, or throws why nothing was stored. */
  async #explainNothingStored(caller: Caller, input: Omit<SendInput, 'body'>): Promise<Message> {
    const obstacle = await this.#repo.diagnose(caller, input);
    if (obstacle === 'duplicate') {
      const original = (await this.#repo.findByClientId(caller, input.clientId))!;
      if (original.conversationId !== input.conversationId) {
        throw new ParleyError('conflict', 'This clientId was already used for a message in another conversation.');
      }
      return original;
    }
    if (obstacle === 'not_found') throw notFound();
    if (obstacle === 'blocked') throw new ParleyError('blocked', 'This user does not accept your messages.');
    if (obstacle === 'bad_attachments') {
      throw new ParleyError(
        'invalid',
        'attachments: each must be one of your own uploads, not sent yet (they expire after 24 hours).',
      );
    }
    throw new ParleyError('invalid', 'replyTo: no such message in this conversation.');
  }

  /** A page of a conversation's messages in seq order. */
  async list(caller: Caller, conversationId: string, query: { before: number | null; after: number | null; limit: number }) {
    if (!(await this.#conversations.isMember(caller, conversationId))) throw notFound();
    return this.#repo.page(conversationId, query);
  }

  /** Turns the caller's own message into a tombstone for both parties. */
  async delete(caller: Caller, messageId: string): Promise<void> {
    const result = await this.#repo.tombstone(caller, messageId);
    if (result === null) throw notFound('message');
    if (result === 'forbidden') throw new ParleyError('forbidden', 'Only the sender can delete a message.');
    if (!result.changed) return;
    const { event, buyerId, sellerId } = result;
    this.#notifier.toUsers(caller.siteId, [buyerId, sellerId], 'message:deleted', event);
    // The tombstone names no photo any more, so none can be served; the files go now (the sweep
    // removes any that a failure here leaves behind).
    await this.#photos
      ?.removeForMessage(messageId)
      .catch((err: unknown) =>
        this.#logger.warn({ err: String(err), messageId }, 'removing the photos of a deleted message failed'),
      );
    const recipient = caller.userId === buyerId ? sellerId : buyerId;
    await this.#conversations.pushUnread({ siteId: caller.siteId, userId: recipient });
  }
}
