// The list's search field, filters and search results: templates and their keyboard handling.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ConversationFilter, SearchResult } from '../../../../protocol/index.ts';
import { sellerListings } from '../../client/list-selectors.ts';
import { otherParty } from '../../client/selectors.ts';
import type { ParleyState } from '../../client/types.ts';
import type { Localization } from '../../i18n/index.ts';
import { markedText } from '../base/marked-text.ts';

const FILTERS: ConversationFilter[] = ['all', 'unread', 'archived'];

/** What the tools show and whom they tell of a change. */
export interface ToolsOptions {
  query: string;
  filter: ConversationFilter;
  onQuery(query: string): void;
  onFilter(filter: ConversationFilter): void;
  onListing(listingId: string | null): void;
}

/** The search field, the filter and (for a seller with several listings) the listing filter. */
export function renderTools(state: ParleyState, l10n: Localization, o: ToolsOptions) {
  const { t, count } = l10n;
  const labels: Record<ConversationFilter, string> = { all: t.filterAll, unread: t.filterUnread, archived: t.filterArchived };
  const listings = sellerListings(state);
  const listingId = state.view.listingId;
  return html`<div class="tools">
    <input
      class="search"
      type="search"
      part="search"
      autocomplete="off"
      maxlength="200"
      aria-label=${t.searchLabel}
      placeholder=${t.searchPlaceholder}
      .value=${live(o.query)}
      @input=${(e: Event) => o.onQuery((e.target as HTMLInputElement).value)}
    />
    <select
      part="filter"
      aria-label=${t.filterLabel}
      @change=${(e: Event) => o.onFilter((e.target as HTMLSelectElement).value as ConversationFilter)}
    >
      ${FILTERS.map((f) => html`<option value=${f} ?selected=${f === o.filter}>${labels[f]}</option>`)}
    </select>
    ${
      listings.length > 0
        ? html`<select
          part="filter"
          aria-label=${t.listingFilterLabel}
          @change=${(e: Event) => o.onListing((e.target as HTMLSelectElement).value || null)}
        >
          <option value="" ?selected=${!listingId}>${t.allListings}</option>
          ${listings.map(
            (l) =>
              html`<option value=${l.listingId} ?selected=${l.listingId === listingId}>
                ${t.listingOption(l.title ?? l.listingId, count(l.conversations))}
              </option>`,
          )}
        </select>`
        : nothing
    }
  </div>`;
}

/** Search results: each opens its conversation (at the message), matching words in `<mark>`. */
export function renderResults(state: ParleyState, results: SearchResult[], l10n: Localization, open: (r: SearchResult) => void) {
  const { t, count } = l10n;
  if (results.length === 0) return html`<p class="empty" part="empty">${t.searchResults(count(0))}</p>`;
  const from = { listing: `${t.searchInListing} · `, name: `${t.searchInName} · `, message: '' };
  return html`<ul class="list results" part="list" aria-label=${t.searchLabel}>
    ${results.map((r) => {
      const c = state.conversations[r.conversationId];
      const title = c ? c.listing.title || otherParty(c, state.me?.userId).name || t.someone : t.someone;
      return html`<li class="item result" part="conversation">
        <button class="open" data-result @click=${() => open(r)}>
          <span class="main">
            <span class="title" dir="auto">${title}</span>
            <span class="preview">${from[r.field] ?? ''}<bdi>${markedText(r.text, r.highlights)}</bdi></span>
          </span>
        </button>
      </li>`;
    })}
  </ul>`;
}

/**
 * Keyboard of the search: ArrowDown from the field to the first result, arrows between results and
 * back up to the field, Enter in the field opens the first result, Escape clears the search (and is
 * not left to close the chat).
 */
export function resultKeys(root: ParentNode, e: KeyboardEvent, clear: () => void): void {
  const target = e.composedPath()[0] as HTMLElement;
  const field = root.querySelector<HTMLInputElement>('input.search');
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button[data-result]')];
  const at = buttons.indexOf(target as HTMLButtonElement);
  if (target !== field && at < 0) return;
  let next: HTMLElement | null | undefined;
  if (e.key === 'ArrowDown') next = buttons[at + 1];
  else if (e.key === 'ArrowUp') next = at > 0 ? buttons[at - 1] : field;
  else if (e.key === 'Enter' && target === field) buttons[0]?.click();
  else if (e.key === 'Escape' && field?.value) {
    e.stopPropagation();
    clear();
    next = field;
  }
  if (next) {
    e.preventDefault();
    next.focus();
  }
}
