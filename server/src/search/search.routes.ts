// REST route of search: `GET /search?q=&limit=` over the caller's own conversations.
import { Hono } from 'hono';
import type { SearchResponse } from '../../../protocol/index.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/request.ts';
import type { Services } from '../services.ts';
import { searchQuery } from './search.schemas.ts';

/** `/search`. */
export function searchRoutes({ search }: Services) {
  return new Hono<AppEnv>().get('/search', async (c) => {
    const { q, limit } = queryParams(c, searchQuery);
    const body: SearchResponse = { results: await search.search(c.var.caller, q, limit) };
    return c.json(body);
  });
}
