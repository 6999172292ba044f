// Serves the demo marketplace's files from demo/ with a strict Content-Security-Policy.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';

/** The demo/ folder at the repository root. */
export const DEMO_DIR = fileURLToPath(new URL('../../../demo/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A CSP with no inline script and no eval: the widget must work under it. `parleyOrigin` is where
 * the widget's script and socket come from when the page is on another origin.
 */
export function demoCsp(parleyOrigin: string): string {
  const extra = parleyOrigin ? ` ${parleyOrigin}` : '';
  const ws = parleyOrigin ? ` ${parleyOrigin.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${extra}`,
    "style-src 'self'",
    // blob: the photos chosen in the composer and those waiting in the outbox are shown from their blobs.
    `img-src 'self' data: blob:${extra}`,
    `connect-src 'self'${extra}${ws}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Pages served by the marketplace's one HTML shell, `index.html`. */
const SHELL_PAGES = ['/listing.html', '/messages.html'];

/** How demo pages are served: where Parley is (empty when same origin), and an optional HTML rewrite. */
export interface DemoStaticOptions {
  /** The Parley server's origin as seen by the browser; computed from the request's Host header. */
  parleyOrigin: (hostHeader: string | undefined) => string;
  /** The file served at `/`. */
  index?: string;
  rewrite?: (html: string, parleyOrigin: string) => string;
}

/** Serves one file of demo/, or null when there is none (no path may leave the folder). */
export async function serveDemoFile(c: Context<AppEnv>, path: string, options: DemoStaticOptions) {
  const file = normalize(join(DEMO_DIR, path));
  if (!file.startsWith(DEMO_DIR.endsWith(sep) ? DEMO_DIR : DEMO_DIR + sep)) return null;
  const type = TYPES[extname(file)];
  if (!type) return null;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw err;
  }
  c.header('Content-Type', type);
  c.header('Cache-Control', 'no-cache');
  c.header('X-Content-Type-Options', 'nosniff');
  if (type.startsWith('text/html')) {
    const parleyOrigin = options.parleyOrigin(c.req.header('host'));
    c.header('Content-Security-Policy', demoCsp(parleyOrigin));
    const html = content.toString('utf8');
    return c.body(options.rewrite ? options.rewrite(html, parleyOrigin) : html);
  }
  return c.body(new Uint8Array(content));
}

/** Mounts the demo pages at the root of `app`. */
export function demoStaticRoutes(app: Hono<AppEnv>, options: DemoStaticOptions) {
  const serve = (file: string) => async (c: Context<AppEnv>) => (await serveDemoFile(c, file, options)) ?? c.notFound();
  app.get('/', serve(options.index ?? 'index.html'));
  // The marketplace's pages share index.html, and demo.js renders the one the path names; the
  // partner origin (its own `index`) has a single page.
  if (!options.index) for (const path of SHELL_PAGES) app.get(path, serve('index.html'));
  app.get('/:file{[\\w-]+\\.(?:html|js|css)}', (c) => serve(c.req.param('file'))(c));
  app.get('/img/:file{[\\w-]+\\.svg}', (c) => serve(`img/${c.req.param('file')}`)(c));
}
