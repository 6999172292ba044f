// Message use cases: send exactly once, read pages, delete as a tombstone, and fan the results out.
import type { Message } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsService } from '../conversations/conversations.service.ts';
import { notFound, ParleyError } from '../errors.ts';
import type { SendRateLimiter } from '../rate-limit.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { MessagesRepository } from './messages.repository.ts';
import { SendBatcher } from './send-batcher.ts';

export interface MessagesServiceOptions {
  repository: MessagesRepository;
  conversations: ConversationsService;
  limiter: SendRateLimiter;
  notifier: Notifier;
  /** Reports failures of the pushes that follow a send's ack. */
  logger?: Logger;
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
  readonly #limiter: SendRateLimiter;
  readonly #notifier: Notifier;
  readonly #batcher: SendBatcher;
  readonly #logger: Logger | undefined;

  constructor({ repository, conversations, limiter, notifier, logger }: MessagesServiceOptions) {
    this.#repo = repository;
    this.#logger = logger;
    this.#batcher = new SendBatcher(repository);
    this.#conversations = conversations;
    this.#limiter = limiter;
    this.#notifier = notifier;
  }

  /**
   * Stores a message once per (sender, clientId) and tells both parties. Resolves only after the
   * commit; a repeated clientId resolves with the original message and `created: false`.
   */
  async send(
    caller: Caller,
    input: { conversationId: string; clientId: string; body: string; replyTo: string | null },
  ): Promise<SendResult> {
    await this.#limiter.consume(caller);
    const inserted = await this.#batcher.insert(caller, input);
    if (!inserted) return { message: await this.#explainNothingStored(caller, input), created: false };

    const { message, buyerId, sellerId, unarchived } = inserted;
    const recipient = caller.userId === buyerId ? sellerId : buyerId;
    this.#notifier.toUsers(caller.siteId, [buyerId, sellerId], 'message:created', message);
    // The ack does not wait for the pushes below: the message is committed and on its way already.
    this.#pushAfterSend(caller, message, recipient, unarchived).catch((err) =>
      this.#logger?.warn({ err: String(err), conversationId: message.conversationId }, 'push after send failed'),
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
  async #explainNothingStored(
    caller: Caller,
    input: { conversationId: string; clientId: string; replyTo: string | null },
  ): Promise<Message> {
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
    const recipient = caller.userId === buyerId ? sellerId : buyerId;
    await this.#conversations.pushUnread({ siteId: caller.siteId, userId: recipient });
  }

  /** The repository, for the sync use case. */
  get repository(): MessagesRepository {
    return this.#repo;
  }
}
