// Helpers routes use to read their input: JSON bodies, queries and path ids, always through a schema.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ParleyError } from '../errors.ts';
import { measureJsonText, PAYLOAD_LIMITS, shapeError } from '../payload-shape.ts';
import { idSchema, parse } from '../validation.ts';

/**
 * Parses the JSON body with `schema`. Its size, depth and NUL characters are checked on the text,
 * before JSON.parse or the schema see it; a body that is not JSON is `invalid`.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  const problem = shapeError(measureJsonText(text, PAYLOAD_LIMITS));
  if (problem) throw problem;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new ParleyError('invalid', 'The request body must be JSON.', { cause: err });
  }
  return parse(schema, body);
}

/** Parses the query string with `schema` (each parameter given once). */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const query = c.req.query();
  for (const value of Object.values(query)) refuseNul(value);
  return parse(schema, query);
}

/** The path parameter `name`, checked as an id. */
export function pathId(c: Context, name: string): string {
  const value = c.req.param(name);
  refuseNul(value);
  return parse(idSchema, value);
}

/** PostgreSQL text cannot hold NUL: refused here as `invalid` rather than failing in a query as `internal`. */
function refuseNul(value: string | undefined) {
  if (value?.includes('\u0000')) throw shapeError('nul_character')!;
}
