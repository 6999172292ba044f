// Serves the widget builds (`/parley.js`, `/parley.iife.js`) compressed, cached and loadable cross-origin.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import type { AppEnv } from './env.ts';

/** One build, ready to serve in each encoding. */
interface Bundle {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

/** The files served, relative to the build folder. */
export const BUNDLE_FILES = ['parley.js', 'parley.iife.js'] as const;

/** Reads and compresses the builds once; a missing build answers 404 with what to run. */
export async function loadBundles(distDir: string): Promise<Map<string, Bundle>> {
  const bundles = new Map<string, Bundle>();
  for (const file of BUNDLE_FILES) {
    let identity: Buffer;
    try {
      identity = await readFile(join(distDir, file));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') continue; // not built yet: the route says so
      throw err;
    }
    bundles.set(file, {
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    });
  }
  return bundles;
}

/** Mounts the bundle routes on `app`. */
export function widgetBundleRoutes(app: Hono<AppEnv>, bundles: Map<string, Bundle>): void {
  for (const file of BUNDLE_FILES) {
    app.get(`/${file}`, (c) => {
      const bundle = bundles.get(file);
      if (!bundle) return c.json({ error: { code: 'not_found', message: 'The widget is not built: run `npm run build`.' } }, 404);
      // Public files any site embeds: readable cross-origin (module scripts need CORS).
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      // The URL is not versioned: revalidate often, serve stale meanwhile.
      c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
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
    });
  }
}
