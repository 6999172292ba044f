// `npm run size`: minified, gzip and brotli sizes of the widget builds; fails above the 25 KB gzip budget
// (`--report-only` prints the same and says whether the budget holds, without failing).
import { readFileSync, existsSync } from 'node:fs';
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = FILES.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`missing ${missing.join(', ')}: run \`npm run build\` first`);
    process.exit(1);
  }
  const rows = measureSizes();
  console.log('file                   min        gzip      brotli');
  for (const r of rows) console.log(`${r.file.padEnd(20)} ${kb(r.min).padStart(9)} ${kb(r.gzip).padStart(9)} ${kb(r.brotli).padStart(9)}`);
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
