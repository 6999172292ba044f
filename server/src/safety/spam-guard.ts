// Spam limits: new conversations per hour, the same first message to many people, tighter for young or reported accounts.
import { createHash } from 'node:crypto';
import type { Caller } from '../caller.ts';
import { ParleyError } from '../errors.ts';
import type { ModerationRepository } from '../moderation/moderation.repository.ts';
import type { RateBudgets } from '../rate-limit.ts';
import { foldText } from './phrase-rules.ts';

export interface SpamGuardOptions {
  budgets: RateBudgets;
  reports: Pick<ModerationRepository, 'openReporters'>;
  /** Distinct users whose open reports restrict a user until a moderator decides (3). */
  reportsToRestrict?: number;
  /** An account younger than this (from the token's `createdAt`) is restricted (one day). */
  youngAccountMs?: number;
  /** The clock (injectable for tests). */
  now?: () => number;
}

/**
 * Decides and spends the allowances that keep one user from spamming many: the hourly budget of new
 * conversations and that of one first message repeated to several people, each with a tighter
 * variant for restricted users (a young account, or one reported by several distinct users and not
 * yet decided on by a moderator).
 */
export class SpamGuard {
  readonly #budgets: RateBudgets;
  readonly #reports: Pick<ModerationRepository, 'openReporters'>;
  readonly #reportsToRestrict: number;
  readonly #youngAccountMs: number;
  readonly #now: () => number;

  constructor({ budgets, reports, reportsToRestrict = 3, youngAccountMs = 86_400_000, now = Date.now }: SpamGuardOptions) {
    this.#budgets = budgets;
    this.#reports = reports;
    this.#reportsToRestrict = reportsToRestrict;
    this.#youngAccountMs = youngAccountMs;
    this.#now = now;
  }

  /** True when the caller gets the tighter limits: a young account, or reported by several users. */
  async restricted(caller: Caller): Promise<boolean> {
    if (caller.accountCreatedAt !== undefined && this.#now() - caller.accountCreatedAt < this.#youngAccountMs) return true;
    return (await this.#reports.openReporters(caller.siteId, caller.userId)) >= this.#reportsToRestrict;
  }

  /**
   * Runs `open` (get or create a conversation) within the caller's hourly allowance of new ones:
   * throws `rate_limited` when it is spent, unless `exists` says the conversation is already there
   * (opening it again is always allowed); a conversation that already existed does not count.
   */
  async newConversation<T extends { created: boolean }>(
    caller: Caller,
    open: () => Promise<T>,
    exists: () => Promise<boolean>,
  ): Promise<T> {
    const budget = (await this.restricted(caller))
      ? this.#budgets.newConversationsHourlyRestricted
      : this.#budgets.newConversationsHourly;
    try {
      await budget.consume(caller);
    } catch (err) {
      if (isRateLimited(err) && (await exists())) return open();
      throw err;
    }
    let result: T;
    try {
      result = await open();
    } catch (err) {
      await budget.refund(caller);
      throw err;
    }
    if (!result.created) await budget.refund(caller);
    return result;
  }

  /**
   * Throws `rate_limited` when the caller already sent `body` as the first message of as many
   * conversations as allowed this hour (a pitch sent to every seller): checked before each send.
   */
  async checkFirstMessage(caller: Caller, body: string): Promise<void> {
    const about = fingerprint(body);
    // The tighter allowance is checked first, in the budget store: only a text already sent that
    // often costs the database question of whether the caller is restricted.
    try {
      await this.#budgets.repeatedFirstMessageRestricted.check(caller, about);
      return;
    } catch (err) {
      if (!isRateLimited(err) || (await this.restricted(caller))) throw err;
    }
    await this.#budgets.repeatedFirstMessage.check(caller, about);
  }

  /** Counts `body` as the first message of one more conversation the caller opened. */
  async countFirstMessage(caller: Caller, body: string): Promise<void> {
    const about = fingerprint(body);
    // Both variants count, so that a user who becomes restricted is judged on what they already sent.
    for (const budget of [this.#budgets.repeatedFirstMessage, this.#budgets.repeatedFirstMessageRestricted]) {
      try {
        await budget.consume(caller, about);
      } catch (err) {
        if (!isRateLimited(err)) throw err; // over the allowance already: the next check refuses
      }
    }
  }
}

const isRateLimited = (err: unknown) => err instanceof ParleyError && err.code === 'rate_limited';

/** The same pitch whatever its case, accents, punctuation or spacing: a hash of its folded words. */
function fingerprint(body: string): string {
  return createHash('sha256').update(foldText(body)).digest('base64url').slice(0, 22);
}
