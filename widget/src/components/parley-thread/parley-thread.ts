// <parley-thread>: one conversation: header, messages with day breaks, scrolling, read receipts, composer.
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ParleyClient } from '../../client/parley-client.ts';
import { hasOlder, otherName, otherParty } from '../../client/selectors.ts';
import type { InternalEvent } from '../../events/internal-events.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { ParleyComposer } from '../parley-composer/parley-composer.ts';
import { ParleyElement } from '../base/parley-element.ts';
import { contentStyles, sharedStyles } from '../base/shared.styles.ts';
import { renderMessage, type MessageAction } from './message-item.ts';
import { type ActionForm, renderActionForm, renderLeaving } from './thread-notices.ts';
import { renderHeader, renderPending, type HeaderAction } from './thread-header.ts';
import { threadRows, type MessageView } from './thread-model.ts';
import { type RowKeys, ThreadScroll } from './thread-scroll.ts';
import { threadStyles } from './parley-thread.styles.ts';
import { dropPhotos, renderPhotoViewer, stepViewer, type ViewerState } from './photo-viewer.ts';
import type { OutboxPhoto, ParleyState, PendingConversation } from '../../client/types.ts';
import type { Conversation } from '../../../../protocol/index.ts';
import type { PhotoUploader } from '../parley-composer/photo-chips.ts';

/**
 * @summary The open conversation of `<parley-chat>` (internal element; style it through the chat's parts).
 *
 * @csspart thread - The whole thread.
 * @csspart thread-header - Listing card, other party and actions.
 * @csspart listing-card - The listing's picture, title and price.
 * @csspart listing-status - "Reserved" or "Sold" on the card, once the site's server registered the listing so.
 * @csspart messages - The scrolling message list.
 * @csspart message - Every message; also `message-own` or `message-other`.
 * @csspart message-status - Status of an own message.
 * @csspart quote - The quoted message in a reply.
 * @csspart masked - "Hidden by <site>", in place of masked contact details.
 * @csspart message-notice - Under an own message: why its contact details were masked.
 * @csspart message-warning - Under another's message: a risk it carries (payment, contact, link).
 * @csspart day-separator - The date between days.
 * @csspart system-message - A note from the site (a listing's new status, the marketplace's own text): centred, no bubble.
 * @csspart new-messages-pill - "New messages", shown when scrolled up.
 * @csspart typing - The typing indicator.
 * @csspart photos - The photos of a message.
 * @csspart photo-viewer - The full-size photo viewer (a modal dialog).
 */
export class ParleyThread extends ParleyElement {
  static override readonly tagName = 'parley-thread';
  static override readonly uses = [ParleyComposer];
  static override styles = [sharedStyles, contentStyles, threadStyles];

  static override properties = {
    l10n: { attribute: false },
    conversationId: { attribute: false },
    active: { type: Boolean },
    focusMessage: { attribute: false },
    pending: { attribute: false },
    replyTo: { state: true },
    actionForm: { state: true },
    notice: { state: true },
    pill: { state: true },
    viewer: { state: true },
    leaving: { state: true },
  };

  l10n: Localization = localize('en');
  conversationId = '';
  /** True while the thread is visible to the user (chat shown, page visible): it then marks messages read. */
  active = false;
  /** A message to scroll to and focus once it is held (a search result opened here), or null. */
  focusMessage: string | null = null;
  /** A contact button's conversation on its way (and no `conversationId` yet): shown with a composer that holds. */
  pending: PendingConversation | null = null;
  /** The last message scrolled to for {@link focusMessage}: done once each. */
  #focused: string | null = null;

  private replyTo: MessageView | null = null;
  /** The block confirmation or the report form shown under the header, if any. */
  private actionForm: ActionForm = null;
  private notice = '';
  private pill = false;
  /** The photo viewer, when open. */
  private viewer: ViewerState | null = null;
  /** Uploads a photo through the client the thread follows now. */
  readonly #upload: PhotoUploader = (blob, options) => this.controller.client!.uploadPhoto(blob, options);
  /** The thumbnail that opened the viewer: the focus goes back to it. */
  #viewerOpener: HTMLElement | null = null;
  /** A clicked link to another host, waiting for the user to confirm leaving the site. */
  private leaving: { href: string; host: string } | null = null;

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  private get composer(): ParleyComposer | null {
    return this.renderRoot.querySelector('parley-composer');
  }

  #rows: MessageView[] = [];
  /** What `#rows` was built from: rebuilt only when one of these changed. */
  #rowInputs: unknown[] = [];
  readonly #scroll = new ThreadScroll({
    scroller: () => this.scroller,
    setPill: (shown) => (this.pill = shown),
    nearTop: () => {
      const state = this.controller.state;
      if (state && hasOlder(state, this.conversationId) && !state.loadingOlder[this.conversationId]) this.#loadOlder();
    },
  });

  /** Moves the keyboard focus to the message field. */
  override focus(): void {
    this.composer?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('conversationId')) {
      this.replyTo = null;
      this.actionForm = null;
      this.notice = '';
      this.pill = false;
      this.leaving = null;
      this.#scroll.reset();
      this.#load();
    }
    const state = this.controller.state;
    const id = this.conversationId;
    // Every state change re-renders the thread (typing, presence, connection…): its rows are only
    // rebuilt when something they show changed (unchanged rows then cost Lit a comparison each).
    const inputs = [state?.threads[id], state?.outbox, state?.conversations[id], state?.me, state?.status, this.l10n];
    if (inputs.some((v, i) => v !== this.#rowInputs[i])) {
      this.#rowInputs = inputs;
      const { t } = this.l10n;
      const client = this.controller.client;
      const names = { me: t.youName, other: state ? otherName(state, id, t.someone) : '' };
      this.#rows = state ? threadRows(state, id, names, (path) => client?.photoUrl(path) ?? path) : [];
    }
    if (this.#scroll.beforeUpdate(this.#rowKeys())) this.pill = true;
  }

  #rowKeys(): RowKeys {
    const last = this.#rows[this.#rows.length - 1];
    return { first: this.#rows[0]?.key, last: last?.key, lastOwn: last?.own ?? false };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#scroll.disconnect();
  }

  protected override updated(): void {
    this.#scroll.afterUpdate(this.#rowKeys());
    if (this.scroller && this.focusMessage && this.focusMessage !== this.#focused) this.#showFocused();
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    if (this.active && this.conversationId && document.visibilityState === 'visible')
      void this.controller.client?.markRead(this.conversationId);
  }

  // One outer template for the pending view and the conversation: the composer (and what the user
  // typed in it while the conversation was being opened) stays the same element across the switch.
  protected override render() {
    const state = this.controller.state;
    const c = state?.conversations[this.conversationId];
    const { t } = this.l10n;
    const pending = c ? null : this.pending;
    if (!state || (!c && !pending)) return html`<p class="placeholder" role="status">${t.loading}</p>`;
    const name = (c ? otherParty(c, state.me?.userId).name : pending!.name) || t.someone;
    const upload = state.status === 'online' ? this.#upload : null;
    return html`<div class="thread" part="thread" @dragover=${this.#onDrop} @drop=${this.#onDrop}>
      ${c ? this.#renderConversation(state, c, name) : renderPending(pending!, name, t)}
      <parley-composer
        exportparts="composer, composer-input, send-button, reply-preview, photo-chips"
        .l10n=${this.l10n}
        .upload=${upload}
        ?held=${!c}
        .replyTo=${this.replyTo ? { name: this.replyTo.own ? t.youName : name, text: this.replyTo.body, deleted: false } : null}
        @composer-send=${(e: InternalEvent<'composer-send'>) => this.#send(e.detail.body, e.detail.photos)}
        @composer-typing=${(e: InternalEvent<'composer-typing'>) =>
          this.conversationId && this.controller.client?.setTyping(this.conversationId, e.detail.typing)}
        @composer-cancel-reply=${() => (this.replyTo = null)}
      ></parley-composer>
      ${
        this.viewer
          ? renderPhotoViewer(
              this.viewer,
              t,
              (step) => (this.viewer = stepViewer(this.viewer!, step)),
              () => this.#closeViewer(),
            )
          : nothing
      }
    </div>`;
  }

  /** The open conversation between the composer and the top: header, notices, messages, typing. */
  #renderConversation(state: ParleyState, c: Conversation, name: string) {
    const { t } = this.l10n;
    const other = otherParty(c, state.me?.userId);
    const typing = state.typing[this.conversationId];
    const older = hasOlder(state, this.conversationId);
    const loading = state.loadingOlder[this.conversationId] ?? false;
    const safety = { site: state.site?.name ?? t.thisSite, helpUrl: state.site?.helpUrl ?? null };
    return html`
      ${renderHeader(
        { conversation: c, name, presence: state.presence[other.id], blocked: Boolean(state.blocked[other.id]) },
        this.l10n,
        (a) => this.#headerAction(a, other.id),
      )}
      ${renderActionForm(this.actionForm, this.notice, name, t, {
        block: () => void this.#run((client) => client.block(other.id), ''),
        report: (reason) =>
          void this.#run((client) => client.report({ conversationId: this.conversationId, reason }), t.reportDone),
        close: () => (this.actionForm = null),
      })}
      ${state.blocked[other.id] ? html`<p class="notice" part="notice">${t.blockedNotice(name)}</p>` : nothing}
      ${other.suspended ? html`<p class="notice" part="notice">${t.suspendedNotice(name)}</p>` : nothing}
      <div class="scroller" part="messages" role="region" aria-label=${t.messagesLabel(name)} tabindex="0" @scroll=${() => this.#scroll.onScroll()}>
        ${
          older
            ? html`<button class="text-button older" ?disabled=${loading} @click=${() => this.#loadOlder()}>
              ${loading ? t.loadingOlder : t.loadOlder}
            </button>`
            : nothing
        }
        <ol class="messages" @click=${this.#onMessageClick} @error=${this.#photoFailed}>
          ${repeat(
            this.#rows,
            (r) => r.key,
            (r) => renderMessage(r, this.l10n, safety),
          )}
        </ol>
      </div>
      ${renderLeaving(this.leaving, safety.site, t, () => (this.leaving = null))}
      ${this.pill ? html`<button class="pill primary-button" part="new-messages-pill" @click=${this.#toBottom}>${t.newMessages}</button>` : nothing}
      <p class="typing" part="typing">${typing ? t.typing(name) : ''}</p>`;
  }

  /**
   * Runs a user action on the client; a failure becomes `parley-error` and never escapes to the page.
   * `done`: the notice to show on success, which also closes the block/report form.
   */
  async #run(action: (client: ParleyClient) => Promise<unknown>, done?: string): Promise<void> {
    try {
      const client = this.controller.client;
      if (!client) throw Object.assign(new Error('No Parley client'), { code: 'unavailable' });
      await action(client);
      if (done === undefined) return;
      this.actionForm = null;
      this.notice = done;
    } catch (err) {
      this.reportError(err, this.l10n.t.errorGeneric);
    }
  }

  #load(): void {
    const id = this.conversationId;
    if (id) void this.#run((client) => client.loadConversation(id));
  }

  /** Scrolls to the message asked for and focuses it, once it is rendered (its page may still be loading). */
  #showFocused(): void {
    const held = this.controller.state?.threads[this.conversationId]?.find((m) => m.id === this.focusMessage);
    const row = held && this.renderRoot.querySelector<HTMLElement>(`li[data-key="${CSS.escape(held.clientId || held.id)}"]`);
    if (!row) return;
    this.#focused = this.focusMessage;
    this.#scroll.unpin();
    row.tabIndex = -1;
    row.classList.add('found');
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
  }

  #loadOlder(): void {
    void this.#run((client) => client.loadOlder(this.conversationId));
  }

  #send(body: string, photos: OutboxPhoto[]): void {
    const replyTo = this.replyTo?.id ?? null;
    this.replyTo = null;
    void this.#run((client) => client.send(this.conversationId, body, { replyTo, photos }));
  }

  /** A photo that does not load (its signed URL expired in a cached thread): its message is fetched again. */
  readonly #photoFailed = {
    capture: true, // `error` does not bubble
    handleEvent: (e: Event) => {
      const key = (e.target as Element).closest<HTMLElement>('li.msg')?.dataset.key;
      const row = this.#rows.find((r) => r.key === key);
      if (row?.seq) void this.#run((client) => client.refreshMessage(this.conversationId, row.seq!));
    },
  };

  /** Dragging files over the thread, and dropping them: the photos go to the composer. */
  readonly #onDrop = dropPhotos((files) => this.composer?.addFiles(files));

  #closeViewer(): void {
    this.viewer = null;
    this.#viewerOpener?.focus();
    this.#viewerOpener = null;
  }

  #headerAction(action: HeaderAction, otherId: string): void {
    this.notice = '';
    if (action === 'refresh') void this.#run((client) => client.refresh());
    else if (action === 'unblock') void this.#run((client) => client.unblock(otherId), '');
    else if (action === 'mute' || action === 'unmute') {
      void this.#run((client) => client.setMuted(this.conversationId, action === 'mute'));
    } else this.actionForm = this.actionForm === action ? null : action;
  }

  /** One listener for every row's buttons (`data-action`), instead of two or three per row. */
  #onMessageClick(e: Event): void {
    // A link in a message to another host: say where it goes first ("You are leaving … for …").
    const link = (e.target as Element).closest<HTMLAnchorElement>('a[data-link]');
    if (link) {
      if (link.host !== location.host) {
        e.preventDefault();
        this.leaving = { href: link.href, host: link.hostname };
      }
      return;
    }
    const button = (e.target as Element).closest<HTMLElement>('button[data-action]');
    const key = button?.closest<HTMLElement>('li.msg')?.dataset.key;
    const row = key === undefined ? undefined : this.#rows.find((r) => r.key === key);
    if (!row) return;
    if (button!.dataset.action === 'photo') {
      this.#viewerOpener = button!;
      this.viewer = { photos: row.photos, index: Number(button!.dataset.index) };
    } else this.#messageAction(button!.dataset.action as MessageAction, row);
  }

  #messageAction(action: MessageAction, row: MessageView): void {
    if (action === 'reply') {
      this.replyTo = row;
      this.composer?.focus();
    } else {
      void this.#run((client) =>
        action === 'delete'
          ? client.deleteMessage(row.id!)
          : action === 'retry'
            ? client.retry(row.clientId)
            : client.discard(row.clientId),
      );
    }
  }

  #toBottom(): void {
    this.#scroll.toBottom();
    this.composer?.focus();
  }
}
