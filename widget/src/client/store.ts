// A minimal observable store: one immutable state object, replaced on every change.

/** Called after each change with the new and the previous state. */
export type Listener<T> = (state: T, previous: T) => void;

/** Holds a state object and tells subscribers when it is replaced. */
export class Store<T extends object> {
  #state: T;
  readonly #listeners = new Set<Listener<T>>();
  /** Changes made by listeners wait here, so that every listener sees every change in order. */
  readonly #queue: [T, T][] = [];
  #notifying = false;

  constructor(initial: T) {
    this.#state = initial;
  }

  /** The current state (never mutate it). */
  get state(): T {
    return this.#state;
  }

  /** Replaces some fields and tells listeners. A listener that throws is reported, not propagated. */
  update(change: Partial<T> | ((state: T) => Partial<T>)): void {
    const previous = this.#state;
    const patch = typeof change === 'function' ? change(previous) : change;
    this.#state = { ...previous, ...patch };
    this.#queue.push([this.#state, previous]);
    if (this.#notifying) return;
    this.#notifying = true;
    try {
      for (let entry = this.#queue.shift(); entry; entry = this.#queue.shift()) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(entry[0], entry[1]);
          } catch (err) {
            console.error('[parley] a state listener failed', err);
          }
        }
      }
    } finally {
      this.#notifying = false;
    }
  }

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: Listener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
