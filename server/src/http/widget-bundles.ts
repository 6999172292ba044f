// Serves the widget builds compressed and loadable cross-origin: the loaders (`/parley.js`, `/parley.iife.js`)
// short-lived, the content-hashed chunks they import (`/parley-runtime-<hash>.js`) cached for good.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './env.ts';

/** One build file, ready to serve in each encoding. */
interface Bundle {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

/** The loaders: fixed names that every host page embeds. */
export const BUNDLE_FILES = ['parley.js', 'parley.iife.js'] as const;

/** A chunk the loaders import: a name, then the content hash the build gave it. */
export const CHUNK_FILE = /^parley-[a-z]+-[\w-]{8}\.js$/;

/** The loaders' URL is not versioned: revalidate often, serve stale meanwhile, so an upgrade reaches every host. */
const LOADER_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
/** A chunk's URL changes with its content: a year, never revalidated. */
const CHUNK_CACHE = 'public, max-age=31536000, immutable';

/** Reads and compresses the builds once; a missing build answers 404 with what to run. */
export async function loadBundles(distDir: string): Promise<Map<string, Bundle>> {
  const bundles = new Map<string, Bundle>();
  let names: string[];
  try {
    names = await readdir(distDir);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return bundles; // not built yet: the route says so
    throw err;
  }
  for (const file of names.filter((n) => (BUNDLE_FILES as readonly string[]).includes(n) || CHUNK_FILE.test(n))) {
    const identity = await readFile(join(distDir, file));
    bundles.set(file, {
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    });
  }
  return bundles;
}

/** Answers with one build file in the encoding the client accepts. */
function serveBundle(c: Context<AppEnv>, bundle: Bundle, cacheControl: string) {
  // Public files any site embeds: readable cross-origin (module scripts and import() need CORS).
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Cache-Control', cacheControl);
  c.header('ETag', bundle.etag);
  c.header('Vary', 'Accept-Encoding');
  if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304);
  const accept = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accept)) {
    c.header('Content-Encoding', 'br');
    return c.body(new Uint8Array(bundle.br));
  }
  if (/\bgzip\b/.test(accept)) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(bundle.gzip));
  }
  return c.body(new Uint8Array(bundle.identity));
}

/** Mounts the bundle routes on `app`. */
export function widgetBundleRoutes(app: Hono<AppEnv>, bundles: Map<string, Bundle>): void {
  for (const file of BUNDLE_FILES) {
    app.get(`/${file}`, (c) => {
      const bundle = bundles.get(file);
      if (!bundle) return c.json({ error: { code: 'not_found', message: 'The widget is not built: run `npm run build`.' } }, 404);
      return serveBundle(c, bundle, LOADER_CACHE);
    });
  }
  // Only names read from the build folder at start are served: the parameter never reaches the file system.
  app.get('/:file{parley-[a-z]+-[\\w-]{8}\\.js}', async (c, next) => {
    const bundle = bundles.get(c.req.param('file'));
    if (!bundle) return next();
    return serveBundle(c, bundle, CHUNK_CACHE);
  });
}
