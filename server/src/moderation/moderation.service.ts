// Blocking users and reporting conversations or messages.
import type { Caller } from '../caller.ts';
import { notFound, ParleyError } from '../errors.ts';
import type { ModerationRepository } from './moderation.repository.ts';

/** Block, unblock and report. */
export class ModerationService {
  readonly #repo: ModerationRepository;

  constructor(repository: ModerationRepository) {
    this.#repo = repository;
  }

  /** After this, `userId`'s messages to the caller are refused with `blocked`. */
  async block(caller: Caller, userId: string): Promise<void> {
    if (userId === caller.userId) throw new ParleyError('invalid', 'You cannot block yourself.');
    await this.#repo.block(caller, userId);
  }

  async unblock(caller: Caller, userId: string): Promise<void> {
    await this.#repo.unblock(caller, userId);
  }

  /** Files a report about a conversation the caller takes part in (optionally one message of it). */
  async report(
    caller: Caller,
    input: { conversationId: string; messageId: string | null; reason: string },
  ): Promise<{ id: string }> {
    const id = await this.#repo.report(caller, input);
    if (!id) throw notFound(input.messageId ? 'message in this conversation' : 'conversation');
    return { id };
  }
}
