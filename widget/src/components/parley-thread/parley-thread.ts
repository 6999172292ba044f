// <parley-thread>: one conversation: header, messages with day breaks, scrolling, read receipts, composer.
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ParleyClient } from '../../client/parley-client.ts';
import { hasOlder, otherName, otherParty } from '../../client/selectors.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { ParleyComposer } from '../parley-composer/parley-composer.ts';
import { ParleyElement } from '../shared/parley-element.ts';
import { contentStyles, sharedStyles } from '../shared/shared.styles.ts';
import { renderMessage, type MessageAction } from './message-item.ts';
import { renderHeader, type HeaderAction } from './thread-header.ts';
import { threadRows, type MessageView } from './thread-model.ts';
import { threadStyles } from './parley-thread.styles.ts';

/** Pixels from an edge that still count as "at the bottom" / "at the top". */
const EDGE = 48;

/**
 * @summary The open conversation of `<parley-chat>` (internal element; style it through the chat's parts).
 *
 * @csspart thread - The whole thread.
 * @csspart thread-header - Listing card, other party and actions.
 * @csspart listing-card - The listing's picture, title and price.
 * @csspart messages - The scrolling message list.
 * @csspart message - Every message; also `message-own` or `message-other`.
 * @csspart message-status - Status of an own message.
 * @csspart quote - The quoted message in a reply.
 * @csspart day-separator - The date between days.
 * @csspart new-messages-pill - "New messages", shown when scrolled up.
 * @csspart typing - The typing indicator.
 */
export class ParleyThread extends ParleyElement {
  static override readonly tagName = 'parley-thread';
  static override readonly uses = [ParleyComposer];
  static override styles = [sharedStyles, contentStyles, threadStyles];

  static override properties = {
    l10n: { attribute: false },
    conversationId: { attribute: false },
    active: { type: Boolean },
    replyTo: { state: true },
    panel: { state: true },
    notice: { state: true },
    pill: { state: true },
  };

  l10n: Localization = localize('en');
  conversationId = '';
  /** True while the thread is visible to the user (panel open, page visible): it then marks messages read. */
  active = false;

  private replyTo: MessageView | null = null;
  private panel: 'none' | 'block' | 'report' = 'none';
  private notice = '';
  private pill = false;

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  private get composer(): ParleyComposer | null {
    return this.renderRoot.querySelector('parley-composer');
  }

  #rows: MessageView[] = [];
  /** What `#rows` was built from: rebuilt only when one of these changed. */
  #rowInputs: unknown[] = [];
  /** True while the user is at the bottom: new messages and layout changes keep them there. */
  #pinned = true;
  #wasAtBottom = true;
  #resize = new ResizeObserver(() => {
    if (this.#pinned && this.scroller) this.#stickToBottom(this.scroller);
  });
  /** Where the last scroll to the bottom left the scroller (its own scroll event is not the user's). */
  #autoTop = -1;
  #observed: Element | null = null;
  #heightBefore = -1;
  #lastKey = '';
  #firstKey = '';
  #jumpToEnd = true;

  /** Moves the keyboard focus to the message field. */
  override focus(): void {
    this.composer?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('conversationId')) {
      this.replyTo = null;
      this.panel = 'none';
      this.notice = '';
      this.pill = false;
      this.#pinned = true;
      this.#jumpToEnd = true;
      this.#load();
    }
    const s = this.controller.state;
    const id = this.conversationId;
    // Every state change re-renders the thread (typing, presence, connection…): its rows are only
    // rebuilt when something they show changed (unchanged rows then cost Lit a comparison each).
    const inputs = [s?.threads[id], s?.outbox, s?.conversations[id], s?.me, s?.status, this.l10n];
    if (inputs.some((v, i) => v !== this.#rowInputs[i])) {
      this.#rowInputs = inputs;
      const { t } = this.l10n;
      this.#rows = s ? threadRows(s, id, { me: t.youName, other: otherName(s, id, t.someone) }) : [];
    }
    const first = this.#rows[0];
    const last = this.#rows[this.#rows.length - 1];
    // Read before the DOM changes: where the user is, to keep their place after it. The height is
    // only read when older messages arrive above (-1 otherwise): reading it forces a layout.
    this.#wasAtBottom = this.#pinned;
    this.#heightBefore = first && first.key !== this.#firstKey && last?.key === this.#lastKey ? (this.scroller?.scrollHeight ?? 0) : -1;
    if (last && last.key !== this.#lastKey && !this.#jumpToEnd && !this.#wasAtBottom && !last.own) this.pill = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#observed = null;
  }

  protected override updated(): void {
    const el = this.scroller;
    const last = this.#rows[this.#rows.length - 1];
    const first = this.#rows[0];
    if (el && el !== this.#observed) {
      // The composer and notices change the scroller's height after it rendered: stay pinned then too.
      this.#resize.disconnect();
      this.#resize.observe(el);
      this.#observed = el;
    }
    if (el) {
      if (this.#jumpToEnd && this.#rows.length) {
        this.#stickToBottom(el);
        this.#jumpToEnd = false;
      } else if (this.#heightBefore >= 0) {
        el.scrollTop += el.scrollHeight - this.#heightBefore; // older messages above: stay on the same ones
      } else if (last && last.key !== this.#lastKey && (this.#wasAtBottom || last.own)) {
        this.#stickToBottom(el);
      }
    }
    this.#lastKey = last?.key ?? '';
    this.#firstKey = first?.key ?? '';
    if (this.active && document.visibilityState === 'visible') void this.controller.client?.markRead(this.conversationId);
  }

  protected override render() {
    const s = this.controller.state;
    const c = s?.conversations[this.conversationId];
    const { t } = this.l10n;
    if (!s || !c) return html`<p class="placeholder" role="status">${t.loading}</p>`;
    const other = otherParty(c, s.me?.userId);
    const name = other.name || t.someone;
    const typing = s.typing[this.conversationId];
    const older = hasOlder(s, this.conversationId);
    const loading = s.loadingOlder[this.conversationId] ?? false;
    return html`<div class="thread" part="thread">
      ${renderHeader({ conversation: c, name, presence: s.presence[other.id], blocked: Boolean(s.blocked[other.id]) }, this.l10n, (a) =>
        this.#headerAction(a, other.id),
      )}
      ${this.#renderPanel(name, other.id)}
      ${s.blocked[other.id] ? html`<p class="notice" part="notice">${t.blockedNotice(name)}</p>` : nothing}
      <div class="scroller" part="messages" role="region" aria-label=${t.messagesLabel(name)} tabindex="0" @scroll=${this.#onScroll}>
        ${older
          ? html`<button class="text-button older" ?disabled=${loading} @click=${() => this.#loadOlder()}>
              ${loading ? t.loadingOlder : t.loadOlder}
            </button>`
          : nothing}
        <ol class="messages" @click=${this.#onMessageClick}>
          ${repeat(this.#rows, (r) => r.key, (r) => renderMessage(r, this.l10n))}
        </ol>
      </div>
      ${this.pill ? html`<button class="pill primary-button" part="new-messages-pill" @click=${this.#toBottom}>${t.newMessages}</button>` : nothing}
      <p class="typing" part="typing">${typing ? t.typing(name) : ''}</p>
      <parley-composer
        exportparts="composer, composer-input, send-button, reply-preview"
        .l10n=${this.l10n}
        .replyTo=${this.replyTo ? { name: this.replyTo.own ? t.youName : name, text: this.replyTo.body, deleted: false } : null}
        @composer-send=${(e: CustomEvent<{ body: string }>) => this.#send(e.detail.body)}
        @composer-typing=${(e: CustomEvent<{ typing: boolean }>) => this.controller.client?.setTyping(this.conversationId, e.detail.typing)}
        @composer-cancel-reply=${() => (this.replyTo = null)}
      ></parley-composer>
    </div>`;
  }

  #renderPanel(name: string, otherId: string) {
    const { t } = this.l10n;
    if (this.notice) return html`<p class="notice" part="notice" role="status">${this.notice}</p>`;
    if (this.panel === 'block') {
      return html`<div class="panel" role="group" aria-label=${t.block(name)}>
        <p>${t.blockConfirm(name)}</p>
        <button class="primary-button" @click=${() => this.#run((client) => client.block(otherId), '')}>${t.confirm}</button>
        <button class="text-button" @click=${() => (this.panel = 'none')}>${t.cancel}</button>
      </div>`;
    }
    if (this.panel === 'report') {
      return html`<form class="panel" @submit=${this.#submitReport}>
        <label for="reason">${t.reportReason}</label>
        <textarea id="reason" name="reason" rows="3" required maxlength="1000"></textarea>
        <button class="primary-button" type="submit">${t.reportSend}</button>
        <button class="text-button" type="button" @click=${() => (this.panel = 'none')}>${t.cancel}</button>
      </form>`;
    }
    return nothing;
  }

  /**
   * Runs a user action on the client; a failure becomes `parley-error` and never escapes to the page.
   * `done`: the notice to show on success, which also closes the block/report panel.
   */
  async #run(action: (client: ParleyClient) => Promise<unknown>, done?: string): Promise<void> {
    try {
      const client = this.controller.client;
      if (!client) throw Object.assign(new Error('No Parley client'), { code: 'unavailable' });
      await action(client);
      if (done === undefined) return;
      this.panel = 'none';
      this.notice = done;
    } catch (err) {
      this.reportError(err, this.l10n.t.errorGeneric);
    }
  }

  #load(): void {
    const id = this.conversationId;
    if (id) void this.#run((client) => client.loadConversation(id));
  }

  #loadOlder(): void {
    void this.#run((client) => client.loadOlder(this.conversationId));
  }

  #send(body: string): void {
    const replyTo = this.replyTo?.id ?? null;
    this.replyTo = null;
    void this.#run((client) => client.send(this.conversationId, body, { replyTo }));
  }

  #headerAction(action: HeaderAction, otherId: string): void {
    this.notice = '';
    if (action === 'refresh') void this.#run((client) => client.refresh());
    else if (action === 'unblock') void this.#run((client) => client.unblock(otherId), '');
    else this.panel = this.panel === action ? 'none' : action;
  }

  #submitReport(e: SubmitEvent): void {
    e.preventDefault();
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (reason) void this.#run((client) => client.report({ conversationId: this.conversationId, reason }), this.l10n.t.reportDone);
  }

  /** One listener for every row's buttons (`data-action`), instead of two or three per row. */
  #onMessageClick(e: Event): void {
    const button = (e.target as Element).closest<HTMLElement>('button[data-action]');
    const key = button?.closest<HTMLElement>('li.msg')?.dataset.key;
    const row = key === undefined ? undefined : this.#rows.find((r) => r.key === key);
    if (row) this.#messageAction(button!.dataset.action as MessageAction, row);
  }

  #messageAction(action: MessageAction, row: MessageView): void {
    if (action === 'reply') {
      this.replyTo = row;
      this.composer?.focus();
    } else {
      void this.#run((client) =>
        action === 'delete' ? client.deleteMessage(row.id!) : action === 'retry' ? client.retry(row.clientId) : client.discard(row.clientId),
      );
    }
  }

  #stickToBottom(el: HTMLElement): void {
    el.scrollTop = el.scrollHeight;
    this.#autoTop = el.scrollTop;
    this.#pinned = true;
    this.pill = false;
  }

  #onScroll(): void {
    const el = this.scroller;
    if (!el) return;
    // The event of our own scroll to the bottom: the layout may have changed since (the composer's
    // first render shrinks the scroller), which would unpin a user who never moved; the resize
    // observer then takes them to the bottom again.
    if (el.scrollTop === this.#autoTop) return;
    this.#autoTop = -1;
    this.#pinned = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE;
    if (this.#pinned) this.pill = false;
    const s = this.controller.state;
    if (el.scrollTop < EDGE && s && hasOlder(s, this.conversationId) && !s.loadingOlder[this.conversationId]) this.#loadOlder();
  }

  #toBottom(): void {
    if (this.scroller) this.#stickToBottom(this.scroller);
    this.composer?.focus();
  }
}
