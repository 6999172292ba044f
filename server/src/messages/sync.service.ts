// Catch-up after a reconnect: everything after the client's seqs, and the conversations it lacks.
import { LIMITS, type SyncResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
import { notFound } from '../errors.ts';
import type { MessagesRepository } from './messages.repository.ts';

/** Answers `sync` requests. */
export class SyncService {
  readonly #conversations: ConversationsRepository;
  readonly #messages: MessagesRepository;

  constructor(conversations: ConversationsRepository, messages: MessagesRepository) {
    this.#conversations = conversations;
    this.#messages = messages;
  }

  /**
   * `known` maps each conversation the client holds to its last seq. A conversation the caller does
   * not take part in fails the whole request with `not_found`, like every other access.
   */
  async sync(caller: Caller, known: Record<string, number>): Promise<SyncResult> {
    const positions = new Map(Object.entries(known));
    const ids = [...positions.keys()];
    const member = await this.#conversations.memberOf(caller, ids);
    if (member.size !== ids.length) throw notFound();

    const { messages, hasMore } = await this.#messages.after(positions, LIMITS.syncMaxMessages);
    const deleted = await this.#messages.deletedUpTo(positions, LIMITS.syncMaxMessages);
    const knownViews = await this.#conversations.viewMany(caller, ids);
    const { conversations: unknownViews } = await this.#conversations.list(caller, {
      before: null,
      limit: LIMITS.syncMaxConversations,
      exclude: ids,
    });
    return { messages, conversations: [...unknownViews, ...knownViews], hasMore, deleted };
  }
}
