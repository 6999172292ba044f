// Catch-up after a reconnect: what changed since the client's change cursor, or (a full check) everything after its seqs.
import { LIMITS, type SyncResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import type { ConversationsRepository } from '../conversations/conversations.repository.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import { formatChangeCursor, type ChangeCursor } from './change-cursor.ts';
import { cutAt, formatSnapshot, parseSnapshot } from './deletion-cursor.ts';
import type { MessagesRepository } from './messages.repository.ts';
import { changesPage } from './sync-changes.ts';
import type { SyncChangesRepository } from './sync-changes.repository.ts';

export interface SyncServiceOptions {
  conversations: ConversationsRepository;
  messages: MessagesRepository;
  changes: SyncChangesRepository;
  /** Gives the answer's `site` (its name and help page, for the widget's safety notices). */
  sites?: Pick<SitesRepository, 'get'>;
}

/** Answers `sync` requests. */
export class SyncService {
  readonly #options: SyncServiceOptions;

  constructor(options: SyncServiceOptions) {
    this.#options = options;
  }

  /**
   * With a change cursor: the caller's conversations changed since it (see sync-changes.ts); the
   * cost follows what changed. Without: a full check of the conversations named in `known`.
   */
  async sync(
    caller: Caller,
    known: Record<string, number>,
    deletedCursor: string | null = null,
    changeCursor: ChangeCursor | null = null,
  ): Promise<SyncResult> {
    const [answer, site] = await Promise.all([
      changeCursor ? changesPage(this.#options, caller, changeCursor) : this.#fullCheck(caller, known, deletedCursor),
      this.#options.sites?.get(caller.siteId),
    ]);
    return site ? { ...answer, site: { name: site.name, helpUrl: site.safety.helpUrl, previews: site.email.previews } } : answer;
  }

  /**
   * `known` maps each conversation the client holds to its last seq. A named conversation the caller
   * does not take part in (or that does not exist) is skipped and listed in `gone`, so one stale id
   * does not fail the whole catch-up; nothing about it is revealed beyond "not yours".
   * `deletedCursor` (from the previous answer) limits `deleted` to tombstones not sent since: it is
   * the database snapshot taken before that sync read anything, and only deletions it did not show as
   * committed come back, so one committing during a sync is sent next time rather than missed (one
   * the sync did see may come twice). Null: the newest ones, as before.
   * The snapshot is also the answer's `changeCursor`: taken before any read, so every change it shows
   * as committed is in what the reads return.
   */
  async #fullCheck(caller: Caller, known: Record<string, number>, deletedCursor: string | null): Promise<SyncResult> {
    const { conversations, messages } = this.#options;
    const ids = Object.keys(known);
    const snapshot = await messages.snapshot();
    // The views are read as the caller: a conversation they are not in is missing from them.
    const knownViews = await conversations.viewMany(caller, ids);
    const mine = new Set(knownViews.map((c) => c.id));
    const gone = ids.filter((id) => !mine.has(id));
    // Only the caller's own conversations are read further: the others must not leak messages.
    const positions = new Map(Object.entries(known).filter(([id]) => mine.has(id)));

    const current = parseSnapshot(snapshot)!;
    // A cursor ahead of the database comes from another one (a restore, a reset): start over.
    const previous = deletedCursor === null ? null : parseSnapshot(deletedCursor);
    const since = previous && previous.xmax <= current.xmax ? deletedCursor : null;
    const [{ messages: after, hasMore }, tombstones, unknownViews] = await Promise.all([
      messages.after(positions, LIMITS.syncMaxMessages),
      messages.deletedUpTo(positions, LIMITS.syncMaxMessages, since),
      conversations
        .newestIds(caller, { exclude: ids, limit: LIMITS.syncMaxConversations })
        .then((unknownIds) => conversations.viewMany(caller, unknownIds)),
    ]);
    const { deleted, cutAt: cut } = tombstones;
    return {
      messages: after,
      conversations: [...unknownViews, ...knownViews],
      hasMore: hasMore || cut !== null,
      deleted,
      // Cut: only what was sent counts as heard of; the rest comes in the next round.
      deletedCursor: cut === null ? snapshot : formatSnapshot(cutAt(current, cut)),
      gone,
      changeCursor: formatChangeCursor({ snapshot: current, tie: null }),
    };
  }
}
