// The widget's files over HTTP: loaders short-lived, content-hashed chunks immutable, both CORS-readable and compressed.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { loadBundles, widgetBundleRoutes } from './widget-bundles.ts';

describe('widget bundle routes', () => {
  let dir: string;
  const app = new Hono<AppEnv>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-dist-'));
    await writeFile(join(dir, 'parley.js'), 'import("./parley-runtime-AbC_12-x.js")');
    await writeFile(join(dir, 'parley.iife.js'), '(()=>{})()');
    await writeFile(join(dir, 'parley-runtime-AbC_12-x.js'), 'export function start(){}');
    await writeFile(join(dir, 'parley-runtime-AbC_12-x.js.map'), '{}');
    await writeFile(join(dir, 'secret.js'), 'nope');
    widgetBundleRoutes(app, await loadBundles(dir));
    app.notFound((c) => c.text('none', 404));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('should serve the loaders with a short cache, revalidated by ETag', async () => {
    for (const file of ['parley.js', 'parley.iife.js']) {
      const res = await app.request(`/${file}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=86400');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const again = await app.request(`/${file}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
      assert.equal(again.status, 304);
    }
  });

  it('should serve a content-hashed chunk as immutable, gzip when asked', async () => {
    const res = await app.request('/parley-runtime-AbC_12-x.js', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(gunzipSync(Buffer.from(await res.arrayBuffer())).toString(), 'export function start(){}');
  });

  it('should serve nothing else from the build folder', async () => {
    for (const path of ['/parley-runtime-AbC_12-y.js', '/secret.js', '/parley-runtime-AbC_12-x.js.map', '/parley-../secret.js'])
      assert.equal((await app.request(path)).status, 404, path);
  });

  it('should answer 404 with what to run when nothing is built', async () => {
    const empty = new Hono<AppEnv>();
    widgetBundleRoutes(empty, await loadBundles(join(dir, 'missing')));
    const res = await empty.request('/parley.js');
    assert.equal(res.status, 404);
    assert.match(await res.text(), /npm run build/);
  });
});
