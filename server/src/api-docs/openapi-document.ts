// Builds the OpenAPI 3.1 document of the REST API from the route specs written next to each routes module.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_PREFIX, ERROR_STATUS, type ErrorCode } from '../../../protocol/index.ts';
import { adminRouteSpecs } from '../admin/admin.openapi.ts';
import { conversationsRouteSpecs } from '../conversations/conversations.openapi.ts';
import { messagesRouteSpecs } from '../messages/messages.openapi.ts';
import { moderationRouteSpecs } from '../moderation/moderation.openapi.ts';
import { searchRouteSpecs } from '../search/search.openapi.ts';
import { uploadsRouteSpecs } from '../uploads/uploads.openapi.ts';
import { idSchema } from '../validation.ts';
import { apiDocsRouteSpecs } from './api-docs.openapi.ts';
import { errorBodyModel } from './model-schemas.ts';
import type { RouteSpec } from './route-spec.ts';

/** Every documented route: a route Hono serves under the API prefix and missing here fails openapi.test.ts. */
export const ROUTE_SPECS: readonly RouteSpec[] = [
  ...conversationsRouteSpecs,
  ...messagesRouteSpecs,
  ...moderationRouteSpecs,
  ...searchRouteSpecs,
  ...uploadsRouteSpecs,
  ...adminRouteSpecs,
  ...apiDocsRouteSpecs,
];

const SECURITY: Record<RouteSpec['auth'], Array<Record<string, string[]>>> = {
  user: [{ userToken: [] }],
  apiKey: [{ siteApiKey: [] }],
  none: [],
};

const errorResponse = z.object({ error: errorBodyModel }).meta({ id: 'ErrorResponse' });

/** `/conversations/:id` → `/conversations/{id}`; a `{a|b}` pattern after a parameter's name is dropped. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
}

/** The path parameters of a Hono path: an id checked by `pathId()`, or one of the words of its `{a|b}` pattern. */
function pathParams(spec: RouteSpec): z.ZodObject | undefined {
  if (spec.params) return spec.params;
  const shape: Record<string, z.ZodType> = {};
  for (const [, name, pattern] of spec.path.matchAll(/:(\w+)(?:\{([^}]*)\})?/g)) {
    shape[name!] = pattern ? z.enum(pattern.split('|') as [string, ...string[]]) : idSchema;
  }
  return Object.keys(shape).length ? z.object(shape) : undefined;
}

/** The error codes a route may answer with: those of its inputs and its authentication, and its own. */
function errorCodes(spec: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(spec.errors);
  const hasParams = spec.path.includes(':');
  if (spec.body || spec.query || hasParams) codes.add('invalid');
  if (hasParams) codes.add('not_found');
  if (spec.body || spec.rawBody) codes.add('payload_too_large');
  if (spec.auth !== 'none') codes.add('unauthorized').add('rate_limited');
  if (spec.auth === 'user') codes.add('forbidden_origin');
  return [...codes];
}

/** The error answers of a route, one per status, each naming its codes. */
function errorResponses(spec: RouteSpec): RouteConfig['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(spec)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: RouteConfig['responses'] = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `Error ${codes.map((c) => `\`${c}\``).join(', ')}.`,
      content: { 'application/json': { schema: errorResponse } },
    };
  }
  responses.default = {
    description: 'Error `unavailable` (503, the database does not answer) or `internal` (500).',
    content: { 'application/json': { schema: errorResponse } },
  };
  return responses;
}

function toRouteConfig(spec: RouteSpec): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const types = r.mediaTypes ?? ['application/json'];
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: Object.fromEntries(types.map((type) => [type, { schema: r.schema! }])) } : {}),
    };
  }
  const binary = z.string().meta({ format: 'binary' });
  const body = spec.body
    ? { required: true, content: { 'application/json': { schema: spec.body } } }
    : spec.rawBody
      ? {
          required: true,
          description: spec.rawBody.description,
          content: Object.fromEntries(spec.rawBody.mediaTypes.map((type) => [type, { schema: binary }])),
        }
      : undefined;
  const params = pathParams(spec);
  return {
    method: spec.method,
    path: openApiPath(spec.path),
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: SECURITY[spec.auth],
    request: { ...(params ? { params } : {}), ...(spec.query ? { query: spec.query } : {}), ...(body ? { body } : {}) },
    responses: { ...responses, ...errorResponses(spec) },
  };
}

const DESCRIPTION = `The REST API of a Parley server, under \`${API_PREFIX}\`.

- Routes marked **userToken** are the widget's: \`Authorization: Bearer <token>\`, the JWT the marketplace signs for a signed-in user.
- Routes under \`/admin\` are the marketplace backend's (the server API): \`Authorization: Bearer <API key>\`, a key made with \`npm run site -- key create --site <id>\`. A key acts for its own site only.
- Every error answers \`{"error": {"code", "message"}}\` with the status of its code; \`rate_limited\` carries \`retryAfterMs\` and a \`Retry-After\` header.

The socket events are described by the AsyncAPI document at \`${API_PREFIX}/asyncapi.json\`.`;

let built: object | undefined;

/** The OpenAPI 3.1 document (built once: it depends on no setting of the process, and holds no secret). */
export function openApiDocument(): object {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'userToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A user's token: a JWT the marketplace signs with its site secret (see docs/identity.md).",
  });
  registry.registerComponent('securitySchemes', 'siteApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: "A site's API key, for the marketplace's own backend only (never in a page).",
  });
  for (const spec of ROUTE_SPECS) registry.registerPath(toRouteConfig(spec));
  built = new OpenApiGeneratorV31(registry.definitions, { sortComponents: 'alphabetically' }).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Parley REST API', version: '1', description: DESCRIPTION },
    servers: [{ url: API_PREFIX }],
  });
  return built;
}
