// The OpenAPI document: every route the server serves under /api/v1 is in it and nothing else, it is valid OpenAPI 3.1, it holds no secret.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { API_PREFIX } from '../../../protocol/index.ts';
import { adminRequest, startTestServer, type TestServer } from '../testing/test-server.ts';
import { openApiDocument, openApiPath } from './openapi-document.ts';

interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string; bearerFormat?: string }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path` of every operation of the document, paths as OpenAPI writes them. */
function documented(doc: Document): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
}

describe('OpenAPI document', () => {
  let t: TestServer;
  let doc: Document;
  before(async () => {
    t = await startTestServer();
    const res = await t.server.app.request(`${API_PREFIX}/openapi.json`);
    assert.equal(res.status, 200, 'served without a token');
    doc = (await res.json()) as Document;
  });
  after(() => t.close());

  it('should document every route Hono serves under /api/v1, and only those', () => {
    // Middleware is registered with method ALL; the routes are the others (the admin catch-all is ALL too).
    const served = new Set(
      t.server.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith(`${API_PREFIX}/`))
        .map((r) => `${r.method} ${openApiPath(r.path.slice(API_PREFIX.length))}`),
    );
    assert.ok(served.size > 20, `the app serves its routes (found ${served.size})`);
    const inDocument = documented(doc);
    assert.deepEqual([...served].filter((r) => !inDocument.has(r)).sort(), [], 'served but not documented');
    assert.deepEqual([...inDocument].filter((r) => !served.has(r)).sort(), [], 'documented but not served');
    assert.deepEqual(doc.servers, [{ url: API_PREFIX }]);
  });

  it('should be a valid OpenAPI 3.1 document', async () => {
    assert.equal(doc.openapi, '3.1.0');
    // The validator dereferences in place: it gets a copy.
    await SwaggerParser.validate(structuredClone(doc) as never);
  });

  it('should be rejected by the validator once broken (the check above can fail)', async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, unknown>> };
    broken.paths['/unread']!.get = { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/nowhere' } } } } } };
    await assert.rejects(SwaggerParser.validate(broken as never));
  });

  it('should ask for a user token on the widget routes and an API key on the server API', () => {
    const { userToken, siteApiKey } = doc.components.securitySchemes;
    assert.deepEqual([userToken?.type, userToken?.scheme, userToken?.bearerFormat], ['http', 'bearer', 'JWT']);
    assert.deepEqual([siteApiKey?.type, siteApiKey?.scheme], ['http', 'bearer']);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const expected = path.startsWith('/admin/')
          ? [{ siteApiKey: [] }]
          : path === '/openapi.json' || path === '/asyncapi.json' || path.startsWith('/uploads/{id}/')
            ? []
            : [{ userToken: [] }];
        assert.deepEqual(operation.security, expected, `${method} ${path}`);
      }
    }
  });

  it('should describe the one error shape', () => {
    const text = JSON.stringify(doc);
    assert.match(
      text,
      /"ErrorResponse":\{"type":"object","properties":\{"error":\{"\$ref":"#\/components\/schemas\/ErrorBody"\}\}/,
    );
    const unread = doc.paths['/unread']!.get as unknown as { responses: Record<string, unknown> };
    assert.deepEqual(Object.keys(unread.responses).sort(), ['200', '401', '403', '429', 'default']);
  });

  it('should hold no secret: site secrets, API keys, webhook secrets', async () => {
    const { key } = await t.server.services.apiKeys.create(t.site.id);
    const created = await adminRequest(t.server.app, key, 'POST', '/webhooks', { url: 'https://hooks.example.com/parley' });
    assert.equal(created.status, 201);
    const { secret } = (await created.json()) as { secret: string };
    const text = await (await t.server.app.request(`${API_PREFIX}/openapi.json`)).text();
    for (const value of [t.site.secret, t.otherSite.secret, key, secret]) {
      assert.ok(value.length >= 16 && !text.includes(value), 'a secret of this server is in the document');
    }
    assert.deepEqual(JSON.parse(text), openApiDocument());
  });
});
