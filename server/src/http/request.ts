// Helpers routes use to read their input: JSON bodies, queries and path ids, always through a schema.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ParleyError } from '../errors.ts';
import { idSchema, parse } from '../validation.ts';

/** Parses the JSON body with `schema`; a body that is not JSON is `invalid`. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ParleyError('invalid', 'The request body must be JSON.');
  }
  return parse(schema, body);
}

/** Parses the query string with `schema` (each parameter given once). */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parse(schema, c.req.query());
}

/** The path parameter `name`, checked as an id. */
export function pathId(c: Context, name: string): string {
  return parse(idSchema, c.req.param(name));
}
