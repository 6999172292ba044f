// Catch-up after a reconnect: everything after the client's seqs, and the conversations it lacks.
import { LIMITS, type SyncResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
import { cutAt, formatSnapshot, parseSnapshot } from './deletion-cursor.ts';
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
   * `deletedCursor` (from the previous answer) limits `deleted` to tombstones not sent since: it is
   * the database snapshot taken before that sync read anything, and only deletions it did not show as
   * committed come back, so one committing during a sync is sent next time rather than missed (one
   * the sync did see may come twice). Null: the newest ones, as before.
   */
  async sync(caller: Caller, known: Record<string, number>, deletedCursor: string | null = null): Promise<SyncResult> {
    const ids = Object.keys(known);
    // The views are read as the caller: a conversation they are not in is missing from them. The
    // snapshot is taken alongside, before the reads below start: every deletion it shows as committed
    // is visible to them.
    const [knownViews, snapshot] = await Promise.all([this.#conversations.viewMany(caller, ids), this.#messages.snapshot()]);
    const mine = new Set(knownViews.map((c) => c.id));
    const gone = ids.filter((id) => !mine.has(id));
    // Only the caller's own conversations are read further: the others must not leak messages.
    const positions = new Map(Object.entries(known).filter(([id]) => mine.has(id)));

    const current = parseSnapshot(snapshot)!;
    // A cursor ahead of the database comes from another one (a restore, a reset): start over.
    const previous = deletedCursor === null ? null : parseSnapshot(deletedCursor);
    const since = previous && previous.xmax <= current.xmax ? deletedCursor : null;
    const [{ messages, hasMore }, tombstones, { conversations: unknownViews }] = await Promise.all([
      this.#messages.after(positions, LIMITS.syncMaxMessages),
      this.#messages.deletedUpTo(positions, LIMITS.syncMaxMessages, since),
      this.#conversations.list(caller, { before: null, limit: LIMITS.syncMaxConversations, exclude: ids }),
    ]);
    const { deleted, cutAt: cut } = tombstones;
    return {
      messages,
      conversations: [...unknownViews, ...knownViews],
      hasMore: hasMore || cut !== null,
      deleted,
      // Cut: only what was sent counts as heard of; the rest comes in the next round.
      deletedCursor: cut === null ? snapshot : formatSnapshot(cutAt(current, cut)),
      gone,
    };
  }
}
