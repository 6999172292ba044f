// Keeps typing relays to at most one "typing: true" per user and conversation per interval.

/** Decides which typing signals are worth relaying. */
export class TypingThrottle {
  readonly #intervalMs: number;
  /** `${conversationId}` → when "typing: true" was last relayed for this socket. */
  readonly #lastTrue = new Map<string, number>();

  constructor(intervalMs = 2000) {
    this.#intervalMs = intervalMs;
  }

  /** True when this signal should be relayed. A stop is relayed only after a relayed start. */
  shouldRelay(conversationId: string, typing: boolean, now = Date.now()): boolean {
    const last = this.#lastTrue.get(conversationId);
    if (!typing) {
      if (last === undefined) return false;
      this.#lastTrue.delete(conversationId);
      return true;
    }
    if (last !== undefined && now - last < this.#intervalMs) return false;
    if (this.#lastTrue.size > 100) this.#lastTrue.clear();
    this.#lastTrue.set(conversationId, now);
    return true;
  }
}
