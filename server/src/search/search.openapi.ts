// How the OpenAPI document describes the search route (search.routes.ts).
import { z } from 'zod';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { searchResultModel } from '../api-docs/model-schemas.ts';
import { searchQuery } from './search.schemas.ts';

/** The route of {@link searchRoutes}. */
export const searchRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/search',
    tag: 'Conversations',
    auth: 'user',
    summary: "Searches the caller's own conversations (messages, listing titles, the other party's name)",
    query: searchQuery,
    responses: { 200: { description: 'Best matches first.', schema: z.object({ results: z.array(searchResultModel) }) } },
  },
];
