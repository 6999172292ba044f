// Counts work in progress so a shutdown can wait for it to finish before closing the database.

/** Tracks promises still running. */
export class InFlight {
  #count = 0;
  #idle: Array<() => void> = [];

  /** Runs `fn`, counting it until it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.#count++;
    try {
      return await fn();
    } finally {
      if (--this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  get count(): number {
    return this.#count;
  }

  /** Resolves when nothing is running, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
