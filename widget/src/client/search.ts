// Search for the client: the server's full-text search when online, the same words matched in the cache when not.
import {
  type Conversation,
  foldText,
  highlightRanges,
  LIMITS,
  type ListConversationsResponse,
  queryWords,
  type SearchResponse,
  type SearchResult,
  excerpt,
} from '../../../protocol/index.ts';
import { conversationsArrived } from './reducers.ts';
import { ParleyClientError, type RestClient } from './rest.ts';
import { otherParty } from './selectors.ts';
import type { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** What a search found, and whether it only looked in this device's cache. */
export interface SearchAnswer {
  results: SearchResult[];
  offline: boolean;
}

/**
 * Searches what this device holds: listing titles and the other party's names of every cached
 * conversation, and the messages cached for each (the pages already loaded or synced, not a
 * conversation's whole history). Words match as prefixes with accents and case ignored, like the
 * server's, but without its English and French stems ("vélos" does not find "vélo" here).
 */
export function localSearch(state: ParleyState, query: string, limit: number = LIMITS.searchResultsDefault): SearchResult[] {
  const words = queryWords(query).map(foldText);
  if (words.length === 0) return [];
  const matches = (text: string) => {
    const folded = ` ${foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
    return words.every((w) => folded.includes(` ${w}`));
  };
  const results: Array<SearchResult & { at: string }> = [];
  for (const c of Object.values(state.conversations)) {
    const name = otherParty(c, state.me?.userId).name;
    for (const [field, text] of [
      ['listing', c.listing.title],
      ['name', name],
    ] as const) {
      if (text && matches(text)) {
        results.push({
          conversationId: c.id,
          messageId: null,
          seq: null,
          field,
          text,
          highlights: highlightRanges(text, words),
          at: c.updatedAt,
        });
      }
    }
    for (const m of state.threads[c.id] ?? []) {
      if (m.deletedAt || !matches(m.body)) continue;
      const shown = excerpt(m.body, highlightRanges(m.body, words));
      results.push({ conversationId: c.id, messageId: m.id, seq: m.seq, field: 'message', ...shown, at: m.createdAt });
    }
  }
  return results
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, limit)
    .map(({ at: _at, ...result }) => result);
}

/** The client's search and the list's server-side filters. */
export class SearchActions {
  readonly #store: Store<ParleyState>;
  readonly #rest: RestClient;

  readonly #readCachedThreads: () => Promise<void>;

  /** `readCachedThreads` brings every thread still on disk into the state (the offline search reads them all). */
  constructor({
    store,
    rest,
    readCachedThreads,
  }: {
    store: Store<ParleyState>;
    rest: RestClient;
    readCachedThreads: () => Promise<void>;
  }) {
    this.#store = store;
    this.#rest = rest;
    this.#readCachedThreads = readCachedThreads;
  }

  /** The server's results when online; the cache's when offline or when the server cannot be reached. */
  async search(query: string, limit: number = LIMITS.searchResultsDefault): Promise<SearchAnswer> {
    if (this.#store.state.status !== 'online') return this.#searchCache(query, limit);
    try {
      const q = encodeURIComponent(query.slice(0, LIMITS.searchQueryMaxChars));
      const { results } = await this.#rest.call<SearchResponse>('GET', `/search?q=${q}&limit=${limit}`);
      return { results, offline: false };
    } catch (err) {
      if (err instanceof ParleyClientError && err.code === 'unavailable') {
        return this.#searchCache(query, limit);
      }
      throw err;
    }
  }

  async #searchCache(query: string, limit: number): Promise<SearchAnswer> {
    await this.#readCachedThreads();
    return { results: localSearch(this.#store.state, query, limit), offline: true };
  }

  /**
   * Fetches the user's archived conversations (sync leaves them out) into the state, where the list's
   * archived filter finds them; the newest `LIMITS.pageMax`.
   */
  async loadArchived(): Promise<Conversation[]> {
    const page = await this.#rest.call<ListConversationsResponse>(
      'GET',
      `/conversations?filter=archived&limit=${LIMITS.pageMax}`,
    );
    this.#store.update((state) => conversationsArrived(state, page.conversations));
    return page.conversations;
  }
}
