// What the OpenAPI document says of one REST route: written next to each routes module, with the schemas the route validates with.
import type { z } from 'zod';
import type { ErrorCode } from '../../../protocol/index.ts';

/** Who may call a route. */
export type RouteAuth =
  /** A user's token (a JWT the site signed), as the widget sends it. */
  | 'user'
  /** A site's API key, as the marketplace's own backend sends it. */
  | 'apiKey'
  /** Anyone: the route checks something else (a signed URL) or serves public documents. */
  | 'none';

/** One answer of a route. */
export interface ResponseSpec {
  description: string;
  /** The JSON body's schema; none for a body-less answer (204). */
  schema?: z.ZodType;
  /** A body that is not JSON: its media types (the schema then describes it, e.g. binary). */
  mediaTypes?: string[];
}

/** A route as Hono mounts it under /api/v1, described for the OpenAPI document. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono's path under the API prefix, parameters included: `/conversations/:id`, `/uploads/:id/:variant{image|thumb}`. */
  path: string;
  /** The section of the reference page it is listed under. */
  tag: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** Path parameters read otherwise than by `pathId()` (which checks each one as an id, the default). */
  params?: z.ZodObject;
  /** The schema `queryParams()` parses the query with. */
  query?: z.ZodObject;
  /** The schema `jsonBody()` parses the body with. */
  body?: z.ZodType;
  /** A body that is not JSON (an image): its media types and what it is. */
  rawBody?: { mediaTypes: string[]; description: string };
  /** Answers by status; error answers are added from `errors` and the route's inputs. */
  responses: Record<number, ResponseSpec>;
  /** Error codes this route answers with besides those every route of its kind may (invalid, unauthorized, not_found…). */
  errors?: ErrorCode[];
}
