// <parley-conversation-list>: the user's conversations, newest first, with unread counts and archive; search and filters.
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Conversation, ConversationFilter, SearchResult } from '../../../../protocol/index.ts';
import { filteredConversations } from '../../client/list-selectors.ts';
import { otherParty, unreadIn } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import { emit } from '../../events/emit.ts';
import { relativeTime } from '../../format/dates.ts';
import { localize, type Localization } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';
import { ParleyElement } from '../base/parley-element.ts';
import { contentStyles, sharedStyles } from '../base/shared.styles.ts';
import { listingUrl } from '../base/urls.ts';
import { systemText } from '../../format/system-text.ts';
import { listStyles } from './parley-conversation-list.styles.ts';
import { ListSearch } from './list-search.ts';
import { renderResults, renderTools, resultKeys } from './list-tools.ts';
import { ListWindow } from './list-window.ts';

/**
 * @summary The conversation list of `<parley-chat>` (internal element; style it through the chat's parts).
 *
 * @csspart list - The list.
 * @csspart conversation - One conversation row.
 * @csspart conversation-thumbnail - The listing's picture.
 * @csspart unread-badge - The unread count.
 * @csspart archive-button - The archive action.
 * @csspart empty - The empty state.
 *
 * Above the rows: a search field (debounced; ArrowDown moves to the results, Escape clears it; the
 * number of results is announced) and the filters (all, unread, archived; by listing for a seller).
 * Only the rows in view are rendered, so thousands of conversations cost what a screenful does.
 */
export class ParleyConversationList extends ParleyElement {
  static override readonly tagName = 'parley-conversation-list';
  static override styles = [sharedStyles, contentStyles, listStyles];
  static override properties = { l10n: { attribute: false } };

  l10n: Localization = localize('en');

  #clock: ReturnType<typeof setInterval> | null = null;

  /** Arrow keys between the search field and the results; Escape clears the search. */
  readonly #onKeydown = (e: KeyboardEvent) => resultKeys(this.renderRoot, e, () => this.#query(''));

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.#onKeydown);
    // Relative times ("5 min ago") move on by themselves.
    this.#clock = setInterval(() => this.requestUpdate(), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#clock) clearInterval(this.#clock);
  }

  readonly #search = new ListSearch(this);
  readonly #window = new ListWindow(this);
  /** The space the rows outside the window take, above and below: set through CSSOM in updated(). */
  #padding = '';

  /** For {@link ListSearch}: the client searched with. */
  searchClient() {
    return this.controller.client;
  }

  /** For {@link ListSearch}: a failed search is shown like any failed action. */
  searchFailed(err: unknown): void {
    this.reportError(err, this.l10n.t.errorGeneric);
  }

  override firstUpdated(): void {
    // Back from a result: the search the user left is run again.
    const query = this.controller.state?.view.search ?? '';
    if (query) this.#search.set(query, true);
  }

  protected override updated(): void {
    // Not a `style` attribute in the template: a strict Content-Security-Policy (style-src 'self')
    // refuses those, while styles set through the CSSOM are allowed.
    const list = this.renderRoot.querySelector<HTMLElement>('ul.list');
    if (list) list.style.paddingBlock = this.#padding;
  }

  protected override render() {
    const state = this.controller.state;
    const { t } = this.l10n;
    if (!state?.ready) return html`<p class="placeholder" role="status">${t.loading}</p>`;
    const { listingId, filter = 'all' } = state.view;
    const search = this.#search;
    const tools = renderTools(state, this.l10n, {
      query: search.query,
      filter,
      onQuery: (query) => this.#query(query),
      onFilter: (value) => this.#filter(value),
      onListing: (id) => this.controller.client?.updateView({ listingId: id }),
    });
    const status = search.results
      ? (search.offline ? t.searchResultsOffline : t.searchResults)(this.l10n.count(search.results.length))
      : '';
    // One outer template: the field keeps its element (and the focus) whatever the body shows.
    return html`${tools}<div class="sr-only" role="status" aria-live="polite">${status}</div>${this.#body(state, filter, listingId)}`;
  }

  #body(state: ParleyState, filter: ConversationFilter, listingId: string | null) {
    const { t } = this.l10n;
    const results = this.#search.results;
    if (results) return renderResults(state, results, this.l10n, (r) => this.#open(r));
    const list = filteredConversations(state, filter, listingId);
    const banner = listingId
      ? html`<div class="filter">
          <span>${t.listingMessages}</span>
          <button class="text-button" @click=${() => this.controller.client?.showConversation(null)}>${t.showAllConversations}</button>
        </div>`
      : nothing;
    if (list.length === 0) {
      const title = listingId ? t.noListingMessages : filter !== 'all' ? t.noFilterResults : t.emptyTitle;
      return html`${banner}<div class="empty" part="empty">
        <p class="empty-title">${title}</p>
        ${listingId || filter !== 'all' ? nothing : html`<p>${t.emptyHint}</p>`}
      </div>`;
    }
    const { start, end, before, after } = this.#window.range(list.length);
    this.#padding = `${before}px ${after}px`;
    return html`${banner}<ul
        class="list"
        part="list"
        aria-label=${listingId ? t.listingMessages : t.conversationsLabel}
      >
        ${repeat(
          list.slice(start, end),
          (c) => c.id,
          (c, i) => this.#item(state, c, start + i + 1, list.length),
        )}
      </ul>`;
  }

  #query(query: string): void {
    this.controller.client?.updateView({ search: query });
    this.#search.set(query);
  }

  #filter(filter: ConversationFilter): void {
    this.controller.client?.updateView({ filter });
    // Sync leaves archived conversations out: they are fetched when asked for (offline: the cached ones).
    if (filter === 'archived' && this.controller.state?.status === 'online') {
      this.controller.client?.loadArchived().catch((err: unknown) => this.reportError(err, this.l10n.t.errorGeneric));
    }
  }

  #open(result: SearchResult): void {
    emit(this, 'select-conversation', { conversationId: result.conversationId, messageId: result.messageId, seq: result.seq });
  }

  #item(state: ParleyState, c: Conversation, position: number, size: number) {
    const { t, locale, count } = this.l10n;
    const me = state.me?.userId;
    const other = otherParty(c, me);
    const name = other.name ?? t.someone;
    const title = c.listing.title ?? '';
    const unread = unreadIn(state, c.id);
    const online = state.presence[other.id]?.online ?? false;
    const last = c.lastMessage;
    const preview = !last
      ? t.noMessagesYet
      : last.deletedAt
        ? t.deleted
        : last.system
          ? systemText(last.system, t)
          : last.body || (last.attachments?.length ? t.photo : '');
    const own = last && last.senderId === me && !last.deletedAt;
    const when = last?.createdAt ?? c.updatedAt;
    const image = listingUrl(c.listing.imageUrl);
    return html`<li class="item ${unread ? 'has-unread' : ''}" part="conversation" aria-posinset=${position} aria-setsize=${size}>
      <button class="open" @click=${() => this.#select(c.id)}>
        ${
          image
            ? html`<img class="thumb" part="conversation-thumbnail" src=${image} alt="" loading="lazy" />`
            : html`<span class="thumb placeholder-thumb" part="conversation-thumbnail">${icons.image}</span>`
        }
        <span class="main">
          <span class="row">
            <span class="title" dir="auto">${title || name}</span>
            <time class="time" datetime=${when}>${relativeTime(when, locale, t.justNow)}</time>
          </span>
          <span class="row">
            <span class="who"
              ><span class="dot ${online ? 'online' : ''}"></span><bdi>${name}</bdi><span class="sr-only">, ${online ? t.online : t.offline}</span></span
            >
            ${
              unread
                ? html`<span class="badge" part="unread-badge"
                  ><span aria-hidden="true">${count(unread).n}</span><span class="sr-only">${t.unread(count(unread))}</span></span
                >`
                : nothing
            }
          </span>
          <span class="preview">${own ? `${t.you} ` : ''}<bdi>${preview}</bdi></span>
        </span>
      </button>
      <button class="icon-button archive" part="archive-button" aria-label=${t.archive(title || name)} @click=${() => this.#archive(c.id)}>
        ${icons.archive}
      </button>
    </li>`;
  }

  #select(conversationId: string): void {
    emit(this, 'select-conversation', { conversationId });
  }

  async #archive(conversationId: string): Promise<void> {
    try {
      await this.controller.client?.archive(conversationId);
    } catch (err) {
      this.reportError(err, this.l10n.t.errorGeneric);
    }
  }
}
