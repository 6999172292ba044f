// <parley-conversation-list>: the user's conversations, newest first, with unread counts and archive.
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Conversation } from '../../../../protocol/index.ts';
import { otherParty, unreadIn, visibleConversations } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import { relativeTime } from '../../format/dates.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { icons } from '../shared/icons.ts';
import { ParleyElement } from '../shared/parley-element.ts';
import { contentStyles, sharedStyles } from '../shared/shared.styles.ts';
import { safeUrl } from '../shared/urls.ts';
import { listStyles } from './parley-conversation-list.styles.ts';

/** Internal: the user picked a conversation (handled by `<parley-chat>`, does not leave its shadow root). */
export type SelectConversationEvent = CustomEvent<{ conversationId: string }>;

/**
 * @summary The conversation list of `<parley-chat>` (internal element; style it through the chat's parts).
 *
 * @csspart list - The list.
 * @csspart conversation - One conversation row.
 * @csspart conversation-thumbnail - The listing's picture.
 * @csspart unread-badge - The unread count.
 * @csspart archive-button - The archive action.
 * @csspart empty - The empty state.
 */
export class ParleyConversationList extends ParleyElement {
  static override readonly tagName = 'parley-conversation-list';
  static override styles = [sharedStyles, contentStyles, listStyles];
  static override properties = { l10n: { attribute: false } };

  l10n: Localization = localize('en');

  #clock: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times ("5 min ago") move on by themselves.
    this.#clock = setInterval(() => this.requestUpdate(), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#clock) clearInterval(this.#clock);
  }

  protected override render() {
    const s = this.controller.state;
    const { t } = this.l10n;
    if (!s?.ready) return html`<p class="placeholder" role="status">${t.loading}</p>`;
    const listingId = s.view.listingId;
    const list = visibleConversations(s).filter((c) => !listingId || c.listing.id === listingId);
    const filter = listingId
      ? html`<div class="filter">
          <span>${t.listingMessages}</span>
          <button class="text-button" @click=${() => this.controller.client?.openChat(null)}>${t.showAllConversations}</button>
        </div>`
      : nothing;
    if (list.length === 0) {
      return html`${filter}<div class="empty" part="empty">
        <p class="empty-title">${listingId ? t.noListingMessages : t.emptyTitle}</p>
        ${listingId ? nothing : html`<p>${t.emptyHint}</p>`}
      </div>`;
    }
    return html`${filter}<ul class="list" part="list" aria-label=${listingId ? t.listingMessages : t.conversationsLabel}>
      ${repeat(list, (c) => c.id, (c) => this.#item(s, c))}
    </ul>`;
  }

  #item(s: ParleyState, c: Conversation) {
    const { t, locale, count } = this.l10n;
    const me = s.me?.userId;
    const other = otherParty(c, me);
    const name = other.name ?? t.someone;
    const title = c.listing.title ?? '';
    const unread = unreadIn(s, c.id);
    const online = s.presence[other.id]?.online ?? false;
    const last = c.lastMessage;
    const preview = !last ? t.noMessagesYet : last.deletedAt ? t.deleted : last.body;
    const own = last && last.senderId === me && !last.deletedAt;
    const when = last?.createdAt ?? c.updatedAt;
    const image = safeUrl(c.listing.imageUrl);
    return html`<li class="item ${unread ? 'has-unread' : ''}" part="conversation">
      <button class="open" @click=${() => this.#select(c.id)}>
        ${image
          ? html`<img class="thumb" part="conversation-thumbnail" src=${image} alt="" loading="lazy" />`
          : html`<span class="thumb placeholder-thumb" part="conversation-thumbnail">${icons.image}</span>`}
        <span class="main">
          <span class="row">
            <span class="title">${title || name}</span>
            <time class="time" datetime=${when}>${relativeTime(when, locale, t.justNow)}</time>
          </span>
          <span class="row">
            <span class="who"
              ><span class="dot ${online ? 'online' : ''}"></span>${name}<span class="sr-only">, ${online ? t.online : t.offline}</span></span
            >
            ${unread
              ? html`<span class="badge" part="unread-badge"
                  ><span aria-hidden="true">${count(unread).n}</span><span class="sr-only">${t.unread(count(unread))}</span></span
                >`
              : nothing}
          </span>
          <span class="preview">${own ? `${t.you} ` : ''}${preview}</span>
        </span>
      </button>
      <button class="icon-button archive" part="archive-button" aria-label=${t.archive(title || name)} @click=${() => this.#archive(c.id)}>
        ${icons.archive}
      </button>
    </li>`;
  }

  #select(conversationId: string): void {
    this.dispatchEvent(new CustomEvent('select-conversation', { detail: { conversationId } }));
  }

  async #archive(conversationId: string): Promise<void> {
    try {
      await this.controller.client?.archive(conversationId);
    } catch (err) {
      this.reportError(err, this.l10n.t.errorGeneric);
    }
  }
}
