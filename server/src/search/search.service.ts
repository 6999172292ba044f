// Search use case: the caller's budget, the query's words, the ranked hits, and their highlights as ranges.
import { excerpt, foldText, highlightRanges, queryWords, type SearchResult } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import { ParleyError } from '../errors.ts';
import type { RateBudget } from '../rate-limit.ts';
import type { SearchRepository } from './search.repository.ts';

export interface SearchServiceOptions {
  repository: SearchRepository;
  /** The per-user search budget. */
  budget: RateBudget;
  /** Each search statement is cancelled after this long (PostgreSQL's statement_timeout). */
  timeoutMs?: number;
}

/** PostgreSQL's code for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/** Finds text in the caller's own conversations. */
export class SearchService {
  readonly #repo: SearchRepository;
  readonly #budget: RateBudget;
  readonly #timeoutMs: number;

  constructor({ repository, budget, timeoutMs = 2000 }: SearchServiceOptions) {
    this.#repo = repository;
    this.#budget = budget;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * The best `limit` hits for `query` among the caller's messages (deleted ones never), listing titles
   * and counterparts' names, best rank first. A query without any letter or digit finds nothing.
   */
  async search(caller: Caller, query: string, limit: number): Promise<SearchResult[]> {
    await this.#budget.consume(caller);
    const words = queryWords(query);
    if (words.length === 0) return [];
    let rows;
    try {
      rows = await this.#repo.search(caller, words, { limit, timeoutMs: this.#timeoutMs });
    } catch (err) {
      if ((err as { code?: string }).code === QUERY_CANCELED) {
        throw new ParleyError('unavailable', 'The search took too long; try more precise words.', { cause: err });
      }
      throw err;
    }
    // What to highlight: the words as typed (prefixes) and the stems the server matched them by.
    const prefixes = [...new Set([...words.map(foldText), ...rows.lexemes.map(foldText)])];
    const ranked: Array<{ rank: number; result: SearchResult }> = [];
    for (const hit of rows.conversations) {
      const fields = [
        { field: 'listing' as const, text: hit.listing_title, on: hit.title_hit },
        { field: 'name' as const, text: hit.other_name, on: hit.name_hit },
      ];
      for (const { field, text, on } of fields) {
        if (!on || !text) continue;
        const result = { conversationId: hit.id, messageId: null, seq: null, field };
        ranked.push({ rank: hit.rank, result: { ...result, text, highlights: highlightRanges(text, prefixes) } });
      }
    }
    for (const hit of rows.messages) {
      const shown = excerpt(hit.body, highlightRanges(hit.body, prefixes));
      const result = { conversationId: hit.conversation_id, messageId: hit.id, seq: hit.seq, field: 'message' as const };
      ranked.push({ rank: hit.rank, result: { ...result, ...shown } });
    }
    // Stable: equal ranks keep each query's recency order, conversations before messages.
    return ranked
      .sort((a, b) => b.rank - a.rank)
      .slice(0, limit)
      .map((r) => r.result);
  }
}
