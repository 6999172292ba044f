// How <parley-chat> follows the page's view (state.view): its `open` and `conversation` read it, its changes go to the client.
import type { ParleyClient } from '../../client/parley-client.ts';
import type { ViewState } from '../../client/types.ts';

/** What a {@link ChatView} needs from its element. */
export interface ChatViewDelegate {
  /** The client the element follows, or null. */
  client(): ParleyClient | null;
  /** True for an inline chat: always shown, never "open". */
  inline(): boolean;
  /** Re-renders and reflects the property (Lit's `requestUpdate(name, previous)`). */
  reflect(property: 'open' | 'conversation', previous: unknown): void;
  /** The panel opened or closed: dispatch `parley-open` / `parley-close`. */
  announce(open: boolean, conversationId: string | null): void;
}

/**
 * The chat's side of the page's view. The view lives in the client's state; this only keeps what
 * was asked for while there is no client yet, and what the element last reflected and announced
 * (to tell what changed, not a copy kept in step).
 */
export class ChatView {
  readonly #delegate: ChatViewDelegate;
  #requested: Partial<ViewState> = {};
  #shown = { open: false, conversationId: null as string | null };
  /** True while the host's own `open` is applied: Parley events are for user actions, not for what the host set. */
  #hostSetsOpen = false;

  constructor(delegate: ChatViewDelegate) {
    this.#delegate = delegate;
  }

  /** Whether the floating panel is shown. */
  get open(): boolean {
    return !this.#delegate.inline() && this.#view().open;
  }

  /** The open conversation, null for the list. */
  get conversationId(): string | null {
    return this.#view().conversationId;
  }

  /**
   * Changes the view: through the client, or kept until there is one. The panel opening or closing
   * because the host set `open` is reflected but not announced; a user's (`show()`, `hide()`) is.
   */
  request(change: Partial<ViewState>, fromHost: boolean): void {
    const client = this.#delegate.client();
    this.#hostSetsOpen = fromHost && 'open' in change;
    try {
      if (client) client.updateView(change);
      else this.#requested = { ...this.#requested, ...change };
      this.changed();
    } finally {
      this.#hostSetsOpen = false;
    }
  }

  /**
   * The element follows a client: what the host asked for before is handed over; what the view
   * already holds (a conversation opened from the URL) is announced.
   */
  attached(): void {
    const requested = this.#requested;
    this.#requested = {};
    this.request(requested, true);
  }

  /** The view may have changed (whoever changed it): reflect it, and announce the panel opening or closing. */
  changed(): void {
    const { open, conversationId } = this;
    const shown = this.#shown;
    if (conversationId !== shown.conversationId) this.#delegate.reflect('conversation', shown.conversationId);
    if (open !== shown.open) this.#delegate.reflect('open', shown.open);
    this.#shown = { open, conversationId };
    if (open !== shown.open && !this.#hostSetsOpen) this.#delegate.announce(open, conversationId);
  }

  /** The page's view, or what was asked for while the element follows no client. */
  #view(): ViewState {
    return this.#delegate.client()?.state.view ?? { open: false, conversationId: null, listingId: null, ...this.#requested };
  }
}
