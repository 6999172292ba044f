// <parley-chat>: the messenger: conversation list and open thread, floating or inline, with status and toasts.
import { html, nothing } from 'lit';
import type { ParleyClient, ParleyClientEvents } from '../../client/parley-client.ts';
import { otherName } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import { emit } from '../../events/emit.ts';
import type { InternalEvent } from '../../events/internal-events.ts';
import type { Localization } from '../../i18n/index.ts';
import { ParleyConversationList } from '../parley-conversation-list/parley-conversation-list.ts';
import { ParleyThread } from '../parley-thread/parley-thread.ts';
import { icons } from '../base/icons.ts';
import { ParleyElement } from '../base/parley-element.ts';
import { chatStyles } from './parley-chat.styles.ts';
import { ChatView } from './chat-view.ts';
import { renderAlertControls } from './alert-controls.ts';
import { renderStatus } from './status.ts';
import { renderToast, type Toast } from './toast.ts';

const THREAD_PARTS =
  'thread, thread-header, listing-card, messages, message, message-own, message-other, message-status, quote, day-separator, new-messages-pill, typing, composer, composer-input, send-button, reply-preview, notice, masked, message-notice, message-warning, photos, photo-viewer, photo-chips';
const LIST_PARTS = 'list, conversation, conversation-thumbnail, unread-badge, archive-button, empty';

/**
 * The messenger: the user's conversations and the open thread. A floating panel by default (full
 * screen under 640 px), in the page flow with `inline`. It reads the page's client (or `client`).
 *
 * Page-wide events (unread, connection, message) come from the first Parley element of the page
 * only, so that a page with a chat and a bubble hears each change once.
 *
 * Methods: `show(conversationId?)` opens the floating panel, `hide()` closes it. Keyboard: Enter
 * sends, Shift+Enter adds a line, Esc drops a reply then closes the floating panel. Incoming
 * messages are announced in a polite live region.
 *
 * @tagname parley-chat
 * @summary Buyer–seller chat: conversation list, thread, composer, connection state and toasts.
 *
 * @attr open - Reflects whether the floating panel is shown.
 * @attr inline - Renders in the page flow instead of a floating panel (a seller's inbox page).
 * @attr conversation - The id of the open conversation (none: the list).
 * @attr theme - `light` (default), `dark` or `auto` (follows the system).
 * @attr lang - The locale (`en`, `fr`…); defaults to an ancestor's `lang`, the configured locale, the page's.
 * @attr toast-duration - How long a toast stays, in ms (default 5000).
 *
 * @event parley-open - The panel opened (`show()`, a user action, another element's request). `{conversationId}`
 * @event parley-close - The panel closed (`hide()`, Esc, the close button).
 * @event parley-connection-change - `{status: 'online' | 'connecting' | 'offline'}` (once per page).
 * @event parley-unread-change - `{total}`: the user's total unread count changed (once per page).
 * @event parley-message - `{conversationId, message}`: a message from someone else arrived (once per page).
 * @event parley-error - `{code, message}`: an action failed or a queued message was refused.
 *
 * @csspart panel - The panel (floating or inline).
 * @csspart header - The panel's header.
 * @csspart title - Its title.
 * @csspart status - The connection indicator.
 * @csspart close-button - Closes the floating panel.
 * @csspart sound-button - Turns the new-message sound on or off (remembered per user on this device).
 * @csspart notifications-button - Asks for desktop notifications (shown until the browser has been asked).
 * @csspart back-button - Back from a thread to the list.
 * @csspart notice - A notice (storage, sign-in, block).
 * @csspart list - The conversation list.
 * @csspart conversation - One of its rows.
 * @csspart conversation-thumbnail - A row's listing picture.
 * @csspart unread-badge - A row's unread count.
 * @csspart archive-button - A row's archive action.
 * @csspart empty - The empty list.
 * @csspart thread - The open conversation.
 * @csspart thread-header - Its header.
 * @csspart listing-card - The listing.
 * @csspart messages - The message list.
 * @csspart message - Every message.
 * @csspart message-own - The user's own messages.
 * @csspart message-other - The other party's messages.
 * @csspart message-status - An own message's status.
 * @csspart quote - A quoted message.
 * @csspart masked - "Hidden by <site>", in place of masked contact details.
 * @csspart message-notice - Under an own message: why its contact details were masked.
 * @csspart message-warning - Under another's message: a risk it carries (payment, contact, link).
 * @csspart day-separator - A date between days.
 * @csspart new-messages-pill - "New messages" when scrolled up.
 * @csspart typing - The typing indicator.
 * @csspart composer - The message form.
 * @csspart composer-input - Its field.
 * @csspart send-button - Its button.
 * @csspart reply-preview - The reply target.
 * @csspart photos - The photos of a message.
 * @csspart photo-viewer - The full-size photo viewer.
 * @csspart photo-chips - The photos chosen in the composer, before sending.
 * @csspart toast - The new-message toast.
 *
 * @cssproperty --parley-color-primary - Accent (own messages, badges, buttons).
 * @cssproperty --parley-color-on-primary - Text on the accent.
 * @cssproperty --parley-color-background - Panel background.
 * @cssproperty --parley-color-surface - Hover and notices.
 * @cssproperty --parley-color-text - Text.
 * @cssproperty --parley-color-muted - Secondary text.
 * @cssproperty --parley-color-border - Borders.
 * @cssproperty --parley-color-danger - Failures.
 * @cssproperty --parley-color-bubble-other - The other party's messages.
 * @cssproperty --parley-color-online - Presence dot.
 * @cssproperty --parley-font-family - Font.
 * @cssproperty --parley-radius - Corner radius.
 * @cssproperty --parley-z-index - Stacking of the floating panel and toasts.
 * @cssproperty --parley-panel-width - Floating panel width (default 380px).
 * @cssproperty --parley-panel-height - Floating panel height (default 560px).
 */
export class ParleyChat extends ParleyElement {
  static override readonly tagName = 'parley-chat';
  static override readonly uses = [ParleyConversationList, ParleyThread];
  static override readonly pageEvents = true;
  static override styles = chatStyles;

  // Reactive properties as a static declaration, not decorators: the same for Lit, and no decorator
  // helpers in the embed bundle.
  // `open` and `conversation` are the page's view (state.view), read through accessors: set by the
  // host, they ask the client; changed by anyone, they are reflected here.
  static override properties = {
    open: { type: Boolean, reflect: true, noAccessor: true },
    inline: { type: Boolean, reflect: true },
    conversation: { reflect: true, noAccessor: true },
    theme: { reflect: true },
    toastDuration: { type: Number, attribute: 'toast-duration' },
    toast: { state: true },
    announcement: { state: true },
    pageVisible: { state: true },
  };

  inline = false;
  theme: 'light' | 'dark' | 'auto' = 'light';
  toastDuration = 5000;

  private toast: Toast | null = null;
  private announcement = '';
  private pageVisible = typeof document === 'undefined' || document.visibilityState === 'visible';

  #toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** The message a search result asked the thread to show. */
  #focus: { conversationId: string; messageId: string } | null = null;
  readonly #view = new ChatView({
    client: () => this.controller.client,
    inline: () => this.inline,
    reflect: (property, previous) => this.requestUpdate(property, previous),
    announce: (open, conversationId) => (open ? emit(this, 'parley-open', { conversationId }) : emit(this, 'parley-close', {})),
  });

  /** Reflects whether the floating panel is shown. */
  get open(): boolean {
    return this.#view.open;
  }

  set open(open: boolean) {
    if (!this.inline) this.#view.request({ open }, true);
  }

  /** The id of the open conversation (none: the list). */
  get conversation(): string | null {
    return this.#view.conversationId;
  }

  set conversation(conversationId: string | null) {
    this.#view.request({ conversationId: conversationId || null, listingId: null }, true);
  }

  /** Opens the floating panel (at `conversationId` when given). */
  show(conversationId?: string): void {
    this.#view.request({ open: true, conversationId: conversationId ?? this.conversation, listingId: null }, false);
  }

  /** Closes the floating panel. */
  hide(): void {
    this.#view.request({ open: false }, false);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearTimeout(this.#toastTimer);
  }

  protected override render() {
    const state = this.controller.state;
    const localization = this.localization();
    const { t } = localization;
    const floating = !this.inline;
    return html`
      <section
        class="panel"
        part="panel"
        role=${floating ? 'dialog' : 'region'}
        aria-label=${t.chatLabel}
        ?hidden=${floating && !this.open}
        @keydown=${this.#onKeydown}
      >
        <header class="header" part="header">
          ${
            this.conversation || this.controller.state?.view.pending
              ? html`<button class="icon-button" part="back-button" aria-label=${t.back} title=${t.back} @click=${this.#back}>
                ${icons.back}
              </button>`
              : nothing
          }
          <h2 class="title" part="title">${t.title}</h2>
          ${state ? renderStatus(state, localization) : nothing}
          ${renderAlertControls(this.controller.client, t, () => this.requestUpdate())}
          ${
            floating
              ? html`<button class="icon-button" part="close-button" aria-label=${t.close} title=${t.close} @click=${this.hide}>
                ${icons.close}
              </button>`
              : nothing
          }
        </header>
        ${state?.storage === 'memory' ? html`<p class="notice" part="notice" role="status">${t.storageMemory}</p>` : nothing}
        <div class="body">${this.#renderBody(state, localization)}</div>
      </section>
      ${renderToast(this.toast, otherName(state, this.toast?.conversationId, t.someone), localization, this.#openToast, this.#dismissToast)}
      <div class="sr-only" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderBody(state: ParleyState | null, localization: Localization) {
    const { t } = localization;
    const notice =
      state?.auth === 'signed-out'
        ? t.signedOut
        : state?.auth === 'rejected'
          ? t.rejected
          : state?.auth === 'suspended'
            ? t.suspended
            : '';
    if (notice) return html`<payload class="notice" part="notice">${notice}</payload>`;
    const pending = this.conversation ? null : state?.view.pending;
    if (this.conversation || pending) {
      return html`<parley-thread
        exportparts=${THREAD_PARTS}
        .client=${this.controller.client}
        .l10n=${localization}
        .conversationId=${this.conversation ?? ''}
        .pending=${pending}
        .focusMessage=${this.#focus?.conversationId === this.conversation ? this.#focus.messageId : null}
        ?active=${(this.inline || this.open) && this.pageVisible}
      ></parley-thread>`;
    }
    return html`<parley-conversation-list
      exportparts=${LIST_PARTS}
      .client=${this.controller.client}
      .l10n=${localization}
      @select-conversation=${(e: InternalEvent<'select-conversation'>) => this.#select(e.detail)}
    ></parley-conversation-list>`;
  }

  clientAttached(client: ParleyClient): void {
    void client.start().catch((err) => console.warn('[parley] the client did not start', err));
    this.#view.attached();
  }

  override stateChanged(state: ParleyState, previous: ParleyState): void {
    super.stateChanged(state, previous);
    this.#view.changed();
    // A conversation archived while shown leaves the chat (another tab archived it, or the user did
    // here); one opened from the archived filter stays.
    const shown = state.view.conversationId;
    const archivedNow = shown && state.conversations[shown]?.archived && previous.conversations[shown]?.archived === false;
    if (archivedNow && shown === previous.view.conversationId) this.controller.client?.showConversation(null);
  }

  override clientMessage(payload: ParleyClientEvents['message']): void {
    super.clientMessage(payload);
    const { conversationId, message } = payload;
    const { t } = this.localization();
    const body = message.body || t.photo; // a message of photos only
    this.announcement = t.announce(otherName(this.controller.state, conversationId, t.someone), body);
    const visible = (this.inline || this.open) && this.pageVisible && this.conversation === conversationId;
    if (visible) return;
    this.toast = { conversationId, body };
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(this.#dismissToast, this.toastDuration);
  }

  clientError(e: ParleyClientEvents['error']): void {
    emit(this, 'parley-error', e);
  }

  readonly #openToast = () => {
    const id = this.toast?.conversationId;
    this.#dismissToast();
    if (id) this.show(id);
  };

  readonly #dismissToast = () => {
    clearTimeout(this.#toastTimer);
    this.toast = null;
  };

  /** Opens a conversation; a search result's at its message, loading the thread back to it. */
  #select({ conversationId, messageId, seq }: InternalEvent<'select-conversation'>['detail']): void {
    const client = this.controller.client;
    this.#focus = messageId ? { conversationId, messageId } : null;
    client?.showConversation(conversationId);
    if (client && seq)
      client.loadAround(conversationId, seq).catch((err: unknown) => this.reportError(err, this.localization().t.errorGeneric));
  }

  #back(): void {
    this.controller.client?.updateView({ conversationId: null, listingId: null, pending: null });
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && !this.inline && this.open) {
      e.stopPropagation();
      this.hide();
    }
  }

  readonly #onVisibility = () => {
    this.pageVisible = document.visibilityState === 'visible';
  };
}
