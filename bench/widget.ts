// Widget figures: time to show 200 cached messages offline in Chromium, and the bundle sizes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface WidgetResult {
  cachedRender: { medianMs: number; maxMs: number; runs: number; how: string } | null;
  note: string;
  bundles: Array<{ file: string; bytes: number; gzip: number; brotli: number }>;
  bundleNote: string;
}

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Sizes of the built bundles, when `npm run build` has produced them. */
export function bundleSizes(): Pick<WidgetResult, 'bundles' | 'bundleNote'> {
  const files = ['parley.js', 'parley.iife.js'].filter((f) => existsSync(DIST + f));
  if (files.length === 0) return { bundles: [], bundleNote: 'not built yet (no dist/parley.js; run `npm run build`)' };
  return {
    bundles: files.map((file) => {
      const data = readFileSync(DIST + file);
      return {
        file: `dist/${file}`,
        bytes: data.length,
        gzip: gzipSync(data, { level: 9 }).length,
        brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    }),
    bundleNote: '',
  };
}

/** Measures the widget (not yet: see the note). */
export async function measureWidget(): Promise<WidgetResult> {
  return { cachedRender: null, note: 'not implemented yet', ...bundleSizes() };
}
