// The list's search: debounced queries to the client, only the latest answer kept, and what the live region says.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SearchResult } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';

/** Pause in typing after which the query is sent. */
export const SEARCH_DEBOUNCE_MS = 250;

/** What a {@link ListSearch} needs from its element. */
export interface ListSearchHost extends ReactiveControllerHost {
  /** The client to search with, or null. */
  searchClient(): ParleyClient | null;
  /** A search failed (shown like any failed action). */
  searchFailed(err: unknown): void;
}

/** Search state of one list: the query, its results (null while there is none), and whether they are the cache's. */
export class ListSearch implements ReactiveController {
  readonly #host: ListSearchHost;
  query = '';
  results: SearchResult[] | null = null;
  offline = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every query: an answer to an older one is dropped. */
  #ticket = 0;

  constructor(host: ListSearchHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#ticket++;
  }

  /** The text changed: searched after a pause in typing (`now`: at once), cleared when empty. */
  set(query: string, now = false): void {
    this.query = query;
    clearTimeout(this.#timer);
    const ticket = ++this.#ticket;
    if (!query.trim()) {
      this.results = null;
      this.#host.requestUpdate();
      return;
    }
    if (now) void this.#run(query, ticket);
    else this.#timer = setTimeout(() => void this.#run(query, ticket), SEARCH_DEBOUNCE_MS);
  }

  async #run(query: string, ticket: number): Promise<void> {
    const client = this.#host.searchClient();
    if (!client) return;
    try {
      const answer = await client.search(query);
      if (ticket !== this.#ticket) return;
      this.results = answer.results;
      this.offline = answer.offline;
    } catch (err) {
      if (ticket === this.#ticket) this.#host.searchFailed(err);
    }
    this.#host.requestUpdate();
  }
}
