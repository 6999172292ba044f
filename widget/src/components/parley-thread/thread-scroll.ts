// Where a thread's scroller stays: at the newest message while the user is there, on the same messages when older ones arrive above.

/** Pixels from an edge that still count as being at it. */
export const EDGE = 48;

/** What the scroll keeping needs from its thread. */
export interface ThreadScrollHost {
  /** The scrolling message list, once rendered. */
  scroller(): HTMLElement | null;
  /** Shows or hides the "New messages" pill. */
  setPill(shown: boolean): void;
  /** The user scrolled to the top: older messages are wanted. */
  nearTop(): void;
}

/** The rows' identity, as the scroll keeping compares them across renders. */
export interface RowKeys {
  /** The first row's key, or undefined with no rows. */
  first: string | undefined;
  last: string | undefined;
  /** The last row is the user's own message. */
  lastOwn: boolean;
}

/**
 * Keeps a thread's scroll position through renders: call {@link beforeUpdate} in `willUpdate`
 * (before the DOM changes), {@link afterUpdate} in `updated`, {@link onScroll} from the scroller's
 * scroll events.
 */
export class ThreadScroll {
  readonly #host: ThreadScrollHost;
  /** True while the user is at the bottom: new messages and layout changes keep them there. */
  #pinned = true;
  #wasAtBottom = true;
  /** Where the last scroll of ours left the scroller (its own scroll event is not the user's). */
  #autoTop = -1;
  #observed: Element | null = null;
  #heightBefore = -1;
  #lastKey = '';
  #firstKey = '';
  #jumpToEnd = true;
  readonly #resize = new ResizeObserver(() => {
    const el = this.#host.scroller();
    if (this.#pinned && el) this.#stickToBottom(el);
  });

  constructor(host: ThreadScrollHost) {
    this.#host = host;
  }

  /** Another conversation: start at its newest message. */
  reset(): void {
    this.#pinned = true;
    this.#jumpToEnd = true;
  }

  /** The user was taken elsewhere (a search result): stop following new messages. */
  unpin(): void {
    this.#pinned = false;
  }

  /**
   * Reads where the user is before the DOM changes, to keep their place after it. The height is only
   * read when older messages arrive above: reading it forces a layout. True when a new message from
   * the other party arrived below a user who scrolled up (the pill should show).
   */
  beforeUpdate(rows: RowKeys): boolean {
    this.#wasAtBottom = this.#pinned;
    this.#heightBefore =
      rows.first !== undefined && rows.first !== this.#firstKey && rows.last === this.#lastKey
        ? (this.#host.scroller()?.scrollHeight ?? 0)
        : -1;
    return rows.last !== undefined && rows.last !== this.#lastKey && !this.#jumpToEnd && !this.#wasAtBottom && !rows.lastOwn;
  }

  /** Scrolls as the new rows require, once they are in the DOM. */
  afterUpdate(rows: RowKeys): void {
    const el = this.#host.scroller();
    if (el && el !== this.#observed) {
      // The composer and notices change the scroller's height after it rendered: stay pinned then too.
      this.#resize.disconnect();
      this.#resize.observe(el);
      this.#observed = el;
    }
    if (el) {
      if (this.#jumpToEnd && rows.last !== undefined) {
        this.#stickToBottom(el);
        this.#jumpToEnd = false;
      } else if (this.#heightBefore >= 0) {
        el.scrollTop += el.scrollHeight - this.#heightBefore; // older messages above: stay on the same ones
        this.#autoTop = el.scrollTop; // our scroll too: a scroll to 0 after it is the user's, not an echo of ours
      } else if (rows.last !== undefined && rows.last !== this.#lastKey && (this.#wasAtBottom || rows.lastOwn)) {
        this.#stickToBottom(el);
      }
    }
    this.#lastKey = rows.last ?? '';
    this.#firstKey = rows.first ?? '';
  }

  /** The scroller's scroll event. */
  onScroll(): void {
    const el = this.#host.scroller();
    if (!el) return;
    // The event of our own scroll to the bottom: the layout may have changed since (the composer's
    // first render shrinks the scroller), which would unpin a user who never moved; the resize
    // observer then takes them to the bottom again.
    if (el.scrollTop === this.#autoTop) return;
    this.#autoTop = -1;
    this.#pinned = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE;
    if (this.#pinned) this.#host.setPill(false);
    if (el.scrollTop < EDGE) this.#host.nearTop();
  }

  /** Takes the user to the newest message. */
  toBottom(): void {
    const el = this.#host.scroller();
    if (el) this.#stickToBottom(el);
  }

  /** Stops watching the scroller's size (the thread left the page). */
  disconnect(): void {
    this.#resize.disconnect();
    this.#observed = null;
  }

  #stickToBottom(el: HTMLElement): void {
    el.scrollTop = el.scrollHeight;
    this.#autoTop = el.scrollTop;
    this.#pinned = true;
    this.#host.setPill(false);
  }
}
