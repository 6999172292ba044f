// Catch-up after a reconnect: everything after the client's seqs, and the conversations it lacks.
import { LIMITS, type SyncResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
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
   * `known` maps each conversation the client holds to its last seq. A named conversation the caller
   * does not take part in (or that does not exist) is skipped and listed in `gone`, so one stale id
   * does not fail the whole catch-up; nothing about it is revealed beyond "not yours".
   */
  async sync(caller: Caller, known: Record<string, number>): Promise<SyncResult> {
    const ids = Object.keys(known);
    // The views are read as the caller: a conversation they are not in is missing from them.
    const knownViews = await this.#conversations.viewMany(caller, ids);
    const mine = new Set(knownViews.map((c) => c.id));
    const gone = ids.filter((id) => !mine.has(id));
    // Only the caller's own conversations are read further: the others must not leak messages.
    const positions = new Map(Object.entries(known).filter(([id]) => mine.has(id)));

    const [{ messages, hasMore }, deleted, { conversations: unknownViews }] = await Promise.all([
      this.#messages.after(positions, LIMITS.syncMaxMessages),
      this.#messages.deletedUpTo(positions, LIMITS.syncMaxMessages),
      this.#conversations.list(caller, { before: null, limit: LIMITS.syncMaxConversations, exclude: ids }),
    ]);
    return { messages, conversations: [...unknownViews, ...knownViews], hasMore, deleted, gone };
  }
}
