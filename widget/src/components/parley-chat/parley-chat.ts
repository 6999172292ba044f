// <parley-chat>: the messenger: conversation list and open thread, floating or inline, with status and toasts.
import { html, nothing, type PropertyValues } from 'lit';
import type { ParleyClient, ParleyClientEvents } from '../../client/parley-client.ts';
import { otherName } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import { dispatchParleyEvent } from '../../events.ts';
import type { Localization } from '../../i18n/index.ts';
import { ParleyConversationList } from '../parley-conversation-list/parley-conversation-list.ts';
import { ParleyThread } from '../parley-thread/parley-thread.ts';
import { icons } from '../shared/icons.ts';
import { ParleyElement } from '../shared/parley-element.ts';
import { chatStyles } from './parley-chat.styles.ts';
import { renderStatus } from './status.ts';
import { renderToast, type Toast } from './toast.ts';

const THREAD_PARTS =
  'thread, thread-header, listing-card, messages, message, message-own, message-other, message-status, quote, day-separator, new-messages-pill, typing, composer, composer-input, send-button, reply-preview, notice';
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
 * @csspart day-separator - A date between days.
 * @csspart new-messages-pill - "New messages" when scrolled up.
 * @csspart typing - The typing indicator.
 * @csspart composer - The message form.
 * @csspart composer-input - Its field.
 * @csspart send-button - Its button.
 * @csspart reply-preview - The reply target.
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
  static override properties = {
    open: { type: Boolean, reflect: true },
    inline: { type: Boolean, reflect: true },
    conversation: { reflect: true },
    theme: { reflect: true },
    toastDuration: { type: Number, attribute: 'toast-duration' },
    toast: { state: true },
    announcement: { state: true },
    pageVisible: { state: true },
  };

  open = false;
  inline = false;
  conversation: string | null = null;
  theme: 'light' | 'dark' | 'auto' = 'light';
  toastDuration = 5000;

  private toast: Toast | null = null;
  private announcement = '';
  private pageVisible = typeof document === 'undefined' || document.visibilityState === 'visible';

  #toastTimer: ReturnType<typeof setTimeout> | undefined;
  #viewRev = 0;

  /** Opens the floating panel (at `conversationId` when given). */
  show(conversationId?: string): void {
    if (conversationId) this.conversation = conversationId;
    this.#setOpen(true);
    this.controller.client?.openChat(this.conversation);
  }

  /** Closes the floating panel. */
  hide(): void {
    this.#setOpen(false);
    this.controller.client?.closeChat();
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

  protected override updated(changed: PropertyValues<this>): void {
    // The host set `open` itself: let the other elements (the bubble) know, without an event.
    const client = this.controller.client;
    if (changed.has('open') && !this.inline && client && client.state.view.open !== this.open) {
      if (this.open) client.openChat(this.conversation);
      else client.closeChat();
    }
  }

  protected override render() {
    const s = this.controller.state;
    const l = this.localization();
    const { t } = l;
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
          ${this.conversation
            ? html`<button class="icon-button" part="back-button" aria-label=${t.back} title=${t.back} @click=${this.#back}>
                ${icons.back}
              </button>`
            : nothing}
          <h2 class="title" part="title">${t.title}</h2>
          ${s ? renderStatus(s, l) : nothing}
          ${floating
            ? html`<button class="icon-button" part="close-button" aria-label=${t.close} title=${t.close} @click=${this.hide}>
                ${icons.close}
              </button>`
            : nothing}
        </header>
        ${s?.storage === 'memory' ? html`<p class="notice" part="notice" role="status">${t.storageMemory}</p>` : nothing}
        <div class="body">${this.#renderBody(s, l)}</div>
      </section>
      ${renderToast(this.toast, otherName(s, this.toast?.conversationId, t.someone), l, this.#openToast, this.#dismissToast)}
      <div class="sr-only" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderBody(s: ParleyState | null, l: Localization) {
    const { t } = l;
    const notice = s?.auth === 'signed-out' ? t.signedOut : s?.auth === 'rejected' ? t.rejected : '';
    if (notice) return html`<p class="notice" part="notice">${notice}</p>`;
    if (this.conversation) {
      return html`<parley-thread
        exportparts=${THREAD_PARTS}
        .client=${this.controller.client}
        .l10n=${l}
        .conversationId=${this.conversation}
        ?active=${(this.inline || this.open) && this.pageVisible}
      ></parley-thread>`;
    }
    return html`<parley-conversation-list
      exportparts=${LIST_PARTS}
      .client=${this.controller.client}
      .l10n=${l}
      @select-conversation=${(e: CustomEvent<{ conversationId: string }>) => this.#select(e.detail.conversationId)}
    ></parley-conversation-list>`;
  }

  clientAttached(client: ParleyClient): void {
    void client.start().catch((err) => console.warn('[parley] the client did not start', err));
    if (client.state.view.rev > 0) this.#applyView(client.state);
  }

  override clientChanged(s: ParleyState, prev: ParleyState): void {
    super.clientChanged(s, prev);
    if (s.view.rev !== this.#viewRev) this.#applyView(s);
    if (this.conversation && s.conversations[this.conversation]?.archived) this.conversation = null;
  }

  override clientMessage(p: ParleyClientEvents['message']): void {
    super.clientMessage(p);
    const { conversationId, message } = p;
    const { t } = this.localization();
    this.announcement = t.announce(otherName(this.controller.state, conversationId, t.someone), message.body);
    const visible = (this.inline || this.open) && this.pageVisible && this.conversation === conversationId;
    if (visible) return;
    this.toast = { conversationId, body: message.body };
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(this.#dismissToast, this.toastDuration);
  }

  clientError(e: ParleyClientEvents['error']): void {
    dispatchParleyEvent(this, 'parley-error', e);
  }

  /** Follows a request from another element (`<parley-unread-bubble>`, `<parley-contact-seller>`). */
  #applyView(s: ParleyState): void {
    this.#viewRev = s.view.rev;
    if (s.view.open && s.view.conversationId) this.conversation = s.view.conversationId;
    else if (s.view.open && s.view.listingId) this.conversation = null; // the list, filtered to a listing
    if (!this.inline) this.#setOpen(s.view.open);
  }

  #setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open) dispatchParleyEvent(this, 'parley-open', { conversationId: this.conversation });
    else dispatchParleyEvent(this, 'parley-close', {});
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

  #select(conversationId: string): void {
    this.conversation = conversationId;
    this.controller.client?.openChat(conversationId);
  }

  #back(): void {
    this.conversation = null;
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
