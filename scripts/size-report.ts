// `npm run size`: minified, gzip and brotli sizes of the widget builds; fails above the 25 KB gzip budget
// (`--report-only` prints the same and says whether the budget holds, without failing; `--breakdown`
// also builds the libraries alone and the libraries with the DOM-free client, to show who owns the bytes).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The budget for each build, gzip: everything a host page downloads. */
export const GZIP_BUDGET_BYTES = 25 * 1000;

const FILES = ['dist/parley.js', 'dist/parley.iife.js'];

/** Sizes in bytes of one file. */
export interface SizeRow {
  file: string;
  min: number;
  gzip: number;
  brotli: number;
}

/** Measures the builds (which must exist: run `npm run build` first). */
export function measureSizes(files = FILES): SizeRow[] {
  return files.map((file) => {
    const content = readFileSync(file);
    return {
      file,
      min: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
      brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/**
 * Builds made by `--breakdown`: the first two are layers of the widget; the last is the whole widget
 * with socket.io-client (and what it pulls in) replaced by an empty module, the floor under any transport.
 */
const BREAKDOWN = [
  { entry: 'scripts/size-entries/libraries.ts', label: 'libraries only (socket.io-client, lit, idb-keyval)', withoutSocketIo: false },
  { entry: 'scripts/size-entries/client.ts', label: '+ the DOM-free client (connection, outbox, cache, sync)', withoutSocketIo: false },
  { entry: 'widget/src/parley.ts', label: 'the whole widget without socket.io-client (an empty stub in its place)', withoutSocketIo: true },
] as const;

/** A Vite plugin that resolves socket.io-client to a module with an `io` that does nothing. */
const emptySocketIo = {
  name: 'parley-size:empty-socket.io',
  enforce: 'pre' as const,
  resolveId: (id: string) => (id === 'socket.io-client' ? '\0empty-socket.io' : null),
  load: (id: string) => (id === '\0empty-socket.io' ? 'export function io() { return {}; }' : null),
};

/** Builds each {@link BREAKDOWN} entry with the widget's Vite config (ES build) and returns its gzip size. */
async function measureBreakdown(): Promise<{ label: string; gzip: number }[]> {
  const { build } = await import('vite');
  const rows: { label: string; gzip: number }[] = [];
  for (const { entry, label, withoutSocketIo } of BREAKDOWN) {
    const outDir = mkdtempSync(join(tmpdir(), 'parley-size-'));
    try {
      // vite.config.ts reads the entry from PARLEY_ENTRY, so the build is the widget's in every other way.
      process.env.PARLEY_ENTRY = entry;
      await build({
        configFile: 'vite.config.ts',
        logLevel: 'silent',
        plugins: withoutSocketIo ? [emptySocketIo] : [],
        build: { outDir, sourcemap: false },
      });
      rows.push({ label, gzip: measureSizes([join(outDir, 'parley.js')])[0]!.gzip });
    } finally {
      delete process.env.PARLEY_ENTRY;
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = FILES.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`missing ${missing.join(', ')}: run \`npm run build\` first`);
    process.exit(1);
  }
  const rows = measureSizes();
  console.log('file                   min        gzip      brotli');
  for (const r of rows) console.log(`${r.file.padEnd(20)} ${kb(r.min).padStart(9)} ${kb(r.gzip).padStart(9)} ${kb(r.brotli).padStart(9)}`);
  if (process.argv.includes('--breakdown')) {
    console.log('\nwhere the gzip bytes go (ES builds, same Vite config):');
    const [libraries, client, withoutSocketIo] = await measureBreakdown();
    for (const b of [libraries!, client!]) console.log(`${kb(b.gzip).padStart(9)}  ${b.label}`);
    console.log(`${kb(rows[0]!.gzip).padStart(9)}  + the three elements, strings and styles (${rows[0]!.file})`);
    console.log(`${kb(withoutSocketIo!.gzip).padStart(9)}  ${withoutSocketIo!.label}`);
  }
  const over = rows.filter((r) => r.gzip > GZIP_BUDGET_BYTES);
  if (over.length && process.argv.includes('--report-only')) {
    console.log(`NOT within the ${kb(GZIP_BUDGET_BYTES)} gzip budget: ${over.map((r) => `${r.file} (${kb(r.gzip)})`).join(', ')}`);
  } else if (over.length) {
    console.error(`over the ${kb(GZIP_BUDGET_BYTES)} gzip budget: ${over.map((r) => `${r.file} (${kb(r.gzip)})`).join(', ')}`);
    process.exit(1);
  } else {
    console.log(`every build is within the ${kb(GZIP_BUDGET_BYTES)} gzip budget`);
  }
}
