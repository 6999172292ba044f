// Serves the two API documents and a reference page reading the OpenAPI one, with nothing loaded from outside the server.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { API_PREFIX } from '../../../protocol/index.ts';
import type { AppEnv } from '../http/env.ts';
import { asyncApiDocument } from './asyncapi-document.ts';
import { openApiDocument } from './openapi-document.ts';

/** The reference page, and the script it loads from this server (Scalar's default is a CDN). */
export const DOCS_PAGE = '/api/docs';
const SCRIPT_PATH = `${DOCS_PAGE}/scalar.js`;

export interface ApiDocsRoutesOptions {
  /**
   * The file of Scalar's standalone browser bundle; by default `dist/browser/standalone.js` of the
   * installed `@scalar/api-reference` package.
   */
  scalarBundle?: string;
}

/** Where the installed `@scalar/api-reference` keeps its standalone bundle, or null when it is not installed. */
export function defaultScalarBundle(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
    return join(dirname(entry), 'browser', 'standalone.js');
  } catch {
    return null;
  }
}

/** The page as Scalar writes it, and a CSP allowing its one inline script by hash and nothing from elsewhere. */
async function renderPage(): Promise<{ html: string; csp: string }> {
  const page = new Hono().get(
    '/',
    Scalar({
      url: `${API_PREFIX}/openapi.json`,
      cdn: SCRIPT_PATH,
      pageTitle: 'Parley API reference',
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      showDeveloperTools: 'never',
      // No request for /favicon.ico, which this server does not serve.
      favicon: 'data:,',
    }),
  );
  const html = await (await page.request('/')).text();
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`,
    // Scalar injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

/** One file served compressed, read and compressed on first use. */
interface Script {
  identity: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * `GET /api/v1/openapi.json`, `GET /api/v1/asyncapi.json` (public: they describe the API and hold no
 * secret) and the reference page at `/api/docs`. Mounted before the API's Bearer middleware.
 */
export function apiDocsRoutes({ scalarBundle = defaultScalarBundle() ?? undefined }: ApiDocsRoutesOptions = {}) {
  let page: Promise<{ html: string; csp: string }> | undefined;
  let script: Promise<Script | null> | undefined;
  const loadScript = async (): Promise<Script | null> => {
    if (!scalarBundle) return null;
    const identity = await readFile(scalarBundle).catch(() => null);
    if (!identity) return null;
    const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
    return { identity, gzip: await promisify(gzip)(identity), etag };
  };
  const documentHeaders = {
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  };
  return new Hono<AppEnv>()
    .get(`${API_PREFIX}/openapi.json`, (c) => c.json(openApiDocument(), 200, documentHeaders))
    .get(`${API_PREFIX}/asyncapi.json`, (c) => c.json(asyncApiDocument(), 200, documentHeaders))
    .get(DOCS_PAGE, async (c) => {
      const { html, csp } = await (page ??= renderPage());
      return c.html(html, 200, { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' });
    })
    .get(SCRIPT_PATH, async (c) => {
      const file = await (script ??= loadScript());
      if (!file) {
        script = undefined; // installed later: looked for again
        const message = 'The reference page needs the @scalar/api-reference package (its standalone bundle): install it.';
        return c.json({ error: { code: 'not_found', message } }, 404);
      }
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('ETag', file.etag);
      c.header('Vary', 'Accept-Encoding');
      c.header('X-Content-Type-Options', 'nosniff');
      if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
      if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
        c.header('Content-Encoding', 'gzip');
        return c.body(new Uint8Array(file.gzip));
      }
      return c.body(new Uint8Array(file.identity));
    });
}
