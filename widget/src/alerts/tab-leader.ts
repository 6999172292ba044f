// Which of a user's tabs plays sounds and shows desktop notifications: the holder of a Web Lock.

/** The part of `navigator.locks` used here. */
type Locks = Pick<LockManager, 'request'>;

/**
 * One tab at a time leads: it holds the Web Lock `name`, and the others wait in its queue, so when the
 * leading tab closes (or crashes) the next one takes over without heartbeats or timeouts. A tab the
 * user turns to calls {@link claim} and steals the lock: the leader is the tab last used, which is the
 * one that has the user's activation (sound may play) and knows what the user is looking at.
 * Without Web Locks (browsers before 2022) every tab leads on its own.
 */
export class TabLeader {
  readonly #name: string;
  readonly #locks: Locks | null;
  #leading: boolean;
  #generation = 0;
  #abort: AbortController | null = null;
  #release: (() => void) | null = null;
  #stopped = false;

  constructor(name: string, locks: Locks | null = globalThis.navigator?.locks ?? null) {
    this.#name = name;
    this.#locks = locks;
    this.#leading = !locks;
    this.#request(false);
  }

  /** True while this tab leads. */
  get leading(): boolean {
    return this.#leading;
  }

  /** Makes this tab the leader now (the user turned to it). */
  claim(): void {
    if (!this.#leading && !this.#stopped) this.#request(true);
  }

  /** Leaves the queue (or the lead, to the next tab). */
  stop(): void {
    this.#stopped = true;
    this.#generation++;
    this.#abort?.abort();
    this.#release?.();
    this.#leading = !this.#locks;
  }

  #request(steal: boolean): void {
    const locks = this.#locks;
    if (!locks) return;
    this.#abort?.abort(); // a waiting request is replaced by the steal
    const generation = ++this.#generation;
    const abort = new AbortController();
    this.#abort = abort;
    // `steal` cannot be combined with `signal`; a steal is granted at once, so it needs none.
    const options: LockOptions = steal ? { steal: true } : { signal: abort.signal };
    locks
      .request(this.#name, options, () => {
        if (generation !== this.#generation) return undefined;
        this.#leading = true;
        return new Promise<void>((resolve) => (this.#release = resolve));
      })
      .catch(() => undefined) // AbortError: replaced, stopped, or stolen by another tab
      .finally(() => {
        if (generation !== this.#generation) return;
        // Another tab stole the lead: wait for the next turn.
        this.#leading = false;
        this.#release = null;
        if (!this.#stopped) this.#request(false);
      });
  }
}
