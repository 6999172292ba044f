// SQL of search: the caller's messages, listing titles and counterparts' names matching a query, ranked.
import type { Caller } from '../caller.ts';
import type { Sql, SqlFragment } from '../db/sql.ts';

/** A matching message, with its rank. */
export interface MessageHit {
  id: string;
  conversation_id: string;
  seq: number;
  body: string;
  rank: number;
}

/** A conversation whose listing title or counterpart's name matches. */
export interface ConversationHit {
  id: string;
  listing_title: string | null;
  other_name: string | null;
  title_hit: boolean;
  name_hit: boolean;
  rank: number;
}

/** What one search found, and the lexemes the query became (what the highlights look for). */
export interface SearchRows {
  messages: MessageHit[];
  conversations: ConversationHit[];
  lexemes: string[];
}

/** Search persistence. Every query starts from the caller's own member rows: nobody else's text is ever read. */
export class SearchRepository {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * Runs the search for `words` (letters and digits only, from `queryWords`) in one transaction whose
   * statements are each cancelled after `timeoutMs`.
   */
  search(caller: Caller, words: string[], { limit, timeoutMs }: { limit: number; timeoutMs: number }): Promise<SearchRows> {
    return this.#sql.begin(async (tx) => {
      // Custom plans: a generic one (postgres.js prepares statements) cannot see how many messages the
      // query matches, and probed the whole-table index once per conversation (72 s for 5,000).
      await tx`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true),
                      set_config('plan_cache_mode', 'force_custom_plan', true)`;
      // The query is built once, here, and passed on as text: left as an expression of the
      // statement's parameters, it was parsed again for every row (22 s for 10k messages on PGlite).
      const text = words.join(' ');
      const [built] = await tx<{ query: string; lexemes: string[] }[]>`
        SELECT (${tsquery(tx as unknown as Sql, words)})::text AS query,
               tsvector_to_array(to_tsvector('parley_simple', ${text}) || to_tsvector('parley_english', ${text})
                                 || to_tsvector('parley_french', ${text})) AS lexemes`;
      const lexemes = built?.lexemes ?? [];
      if (!built?.query) return { messages: [], conversations: [], lexemes };
      const query = built.query;
      const messages = await tx<MessageHit[]>`
        WITH mine AS MATERIALIZED (
          SELECT conversation_id FROM members WHERE site_id = ${caller.siteId} AND user_id = ${caller.userId}
        )
        SELECT m.id, m.conversation_id, m.seq, m.body, ts_rank(m.search, ${query}::tsquery) AS rank
        FROM messages m
        WHERE m.conversation_id IN (SELECT conversation_id FROM mine) AND m.deleted_at IS NULL AND m.search @@ ${query}::tsquery
        ORDER BY rank DESC, m.created_at DESC
        LIMIT ${limit}`;
      const conversations = await tx<ConversationHit[]>`
        SELECT c.id, c.listing_title, o.name AS other_name,
               c.listing_search @@ ${query}::tsquery AS title_hit, o.name_search @@ ${query}::tsquery AS name_hit,
               greatest(ts_rank(c.listing_search, ${query}::tsquery), ts_rank(o.name_search, ${query}::tsquery)) AS rank
        FROM members me
        JOIN conversations c ON c.id = me.conversation_id
        -- LATERAL: one primary-key probe per conversation, whatever the planner guesses of the rows.
        CROSS JOIN LATERAL (
          SELECT u.name, u.name_search FROM users u
          WHERE u.site_id = c.site_id AND u.id = CASE WHEN me.role = 'buyer' THEN c.seller_id ELSE c.buyer_id END
        ) o
        WHERE me.site_id = ${caller.siteId} AND me.user_id = ${caller.userId} AND (c.last_seq > 0 OR me.role = 'buyer')
          AND (c.listing_search @@ ${query}::tsquery OR o.name_search @@ ${query}::tsquery)
        ORDER BY rank DESC, c.activity DESC
        LIMIT ${limit}`;
      return { messages, conversations, lexemes };
    });
  }
}

/**
 * The query: every word must match, each as a prefix of a word (while typing) or by its English or
 * French stem ("bikes" finds "bike"). Words are letters and digits only, so `word:*` is safe syntax.
 */
function tsquery(sql: Sql, words: string[]): SqlFragment {
  const all = words
    .map(
      (word) => sql`(to_tsquery('parley_simple', ${`${word}:*`}) || plainto_tsquery('parley_english', ${word})
                    || plainto_tsquery('parley_french', ${word}))`,
    )
    .reduce((both, one) => sql`${both} && ${one}`);
  return sql`(${all})`;
}
