// `npm run size -- --breakdown`: builds parts of the widget with its own Vite config to show which layer owns the gzip bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** A plugin that loads `code` instead of every module whose import specifier `matches`. */
function replacing(name: string, matches: (specifier: string) => boolean, code: string): Plugin {
  const id = `\0parley-size:${name}`;
  return {
    name: `parley-size:${name}`,
    enforce: 'pre',
    resolveId: (specifier) => (matches(specifier) ? id : null),
    load: (loaded) => (loaded === id ? code : null),
  };
}

/** One measured build: an entry, and modules replaced in it. */
interface Part {
  label: string;
  entry: string;
  plugins?: Plugin[];
}

/** The builds, in the order they are printed. */
export const PARTS: Part[] = [
  {
    label: 'the libraries alone (socket.io-client, lit, idb-keyval), as the widget imports them',
    entry: 'scripts/size-entries/libraries.ts',
  },
  { label: '+ the DOM-free client (connection, outbox, cache, sync)', entry: 'scripts/size-entries/client.ts' },
  {
    label: 'the embed without <parley-chat> (what a page would load first if the messenger came on demand)',
    entry: 'widget/src/parley.ts',
    plugins: [
      replacing(
        'no-chat',
        (s) => /parley-chat\/parley-chat\.ts$|floating-chat\.ts$/.test(s),
        'export class ParleyChat { static define() {} }\nexport function ensureFloatingChat() { return null; }',
      ),
    ],
  },
  {
    label: 'the whole widget with socket.io-client replaced by an empty module (the floor under any transport)',
    entry: 'widget/src/parley.ts',
    plugins: [replacing('no-socket.io', (s) => s === 'socket.io-client', 'export function io() { return {}; }')],
  },
];

/** Builds each part (ES format, the widget's Vite config) and returns its gzip size in bytes (level 9). */
export async function measureParts(parts = PARTS): Promise<{ label: string; gzip: number }[]> {
  const { build } = await import('vite');
  const rows: { label: string; gzip: number }[] = [];
  for (const { label, entry, plugins = [] } of parts) {
    const outDir = mkdtempSync(join(tmpdir(), 'parley-size-'));
    try {
      // vite.config.ts reads the entry from PARLEY_ENTRY, so each build is the widget's in every other way.
      process.env.PARLEY_ENTRY = entry;
      await build({ configFile: 'vite.config.ts', logLevel: 'silent', plugins, build: { outDir, sourcemap: false } });
      rows.push({ label, gzip: gzipSync(readFileSync(join(outDir, 'parley.js')), { level: 9 }).length });
    } finally {
      delete process.env.PARLEY_ENTRY;
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  return rows;
}
