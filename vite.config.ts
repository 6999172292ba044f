// Builds the embed into two self-contained files: dist/parley.js (ES module) and dist/parley.iife.js (classic script).
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** A module of ours that holds Lit's property metadata map instead of a global. */
const LIT_METADATA_MODULE = '\0parley-lit-metadata';

/**
 * Lit writes three globals (`litHtmlVersions`, `litElementVersions`, `reactiveElementVersions`) to
 * warn about duplicate copies, and keeps decorator metadata in `globalThis.litPropertyMetadata`. The
 * widget must write no global but `Parley` and is meant to share a page with other copies of Lit,
 * so the version lines are dropped and the metadata map comes from a module of the bundle instead.
 */
function noLitGlobals(): Plugin {
  const versions = /\(\s*(?:globalThis|global|[a-zA-Z_$][\w$]*)\.(?:litHtmlVersions|litElementVersions|reactiveElementVersions)\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/g;
  const metadataInit = /(?:globalThis|[a-zA-Z_$][\w$]*)\.litPropertyMetadata\s*\?\?=\s*new WeakMap(?:\(\))?/g;
  const metadataUse = /(?:globalThis\.)?\blitPropertyMetadata\b/g;
  return {
    name: 'parley:no-lit-globals',
    resolveId: (id) => (id === LIT_METADATA_MODULE ? id : null),
    load: (id) => (id === LIT_METADATA_MODULE ? 'export const litMetadata = new WeakMap();' : null),
    transform(code, id) {
      if (!/[\\/]node_modules[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/.test(id)) return null;
      // An expression stands where each statement stood: they may sit inside comma expressions.
      let out = code.replace(versions, 'void 0').replace(metadataInit, 'void 0');
      if (metadataUse.test(out)) {
        out = `import { litMetadata as __parleyLitMetadata } from '${LIT_METADATA_MODULE}';\n${out.replace(metadataUse, '__parleyLitMetadata')}`;
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * engine.io-client registers a WebTransport transport next to WebSocket and long-polling. Parley only
 * asks for `websocket` then `polling` (and the server offers no WebTransport), so that module is
 * replaced by a stub with the same export: asked for anyway, it fails like an unreachable transport
 * and engine.io moves on to the next one. Saves ~0.8 kB gzip (with the stream codecs it pulled in).
 */
function noWebTransport(): Plugin {
  const webTransportModule = /[\\/]node_modules[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]webtransport\.js$/;
  return {
    name: 'parley:no-webtransport',
    load: (id) =>
      webTransportModule.test(id)
        ? `import { Transport } from "../transport.js";
export class WT extends Transport {
  get name() { return "webtransport"; }
  doOpen() { this.onError("webtransport is not part of this build"); }
}`
        : null,
  };
}

/** A text edit: replace `code.slice(start, end)` with `text`. */
type Edit = { start: number; end: number; text: string };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One number of a source map's `mappings`, as base64 VLQ. */
function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    out += BASE64[digit];
  } while (v);
  return out;
}

/**
 * Applies sorted, non-overlapping edits and builds the source map back to the input: one segment per
 * kept character, so that every identifier after the edits still maps to where it was.
 */
function applyEdits(code: string, edits: Edit[], id: string): { code: string; map: { version: 3; sources: string[]; names: string[]; mappings: string } } {
  let out = '';
  let mappings = '';
  let line = 0;
  let column = 0;
  let outColumn = 0;
  let prev = { outColumn: 0, line: 0, column: 0 };
  const segment = () => {
    mappings += `${outColumn === 0 && prev.outColumn === 0 && mappings.endsWith(';') ? '' : mappings && !mappings.endsWith(';') ? ',' : ''}${vlq(outColumn - prev.outColumn)}A${vlq(line - prev.line)}${vlq(column - prev.column)}`;
    prev = { outColumn, line, column };
  };
  const emit = (ch: string) => {
    out += ch;
    if (ch === '\n') {
      mappings += ';';
      outColumn = 0;
      prev.outColumn = 0;
    } else outColumn++;
  };
  const advance = (ch: string) => {
    if (ch === '\n') {
      line++;
      column = 0;
    } else column++;
  };
  let e = 0;
  for (let i = 0; i < code.length; ) {
    const edit = edits[e];
    if (edit && edit.start === i) {
      if (edit.text) segment();
      for (const ch of edit.text) emit(ch);
      for (; i < edit.end; i++) advance(code[i]!);
      e++;
      continue;
    }
    const ch = code[i]!;
    if (ch !== '\n') segment();
    emit(ch);
    advance(ch);
    i++;
  }
  return { code: out, map: { version: 3, sources: [id], names: [], mappings } };
}

/** CSS without comments and without the whitespace the browser ignores (not trimmed: a `${}` may touch either end). */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

/**
 * Markup without its indentation: whitespace with a line break in it goes when it stands between
 * two tags (or a tag and a `${}`), and becomes one space anywhere else (between words, attributes).
 */
export function minifyMarkup(markup: string): string {
  return markup.replace(/\s*\n\s*/g, (ws, at: number) => {
    const before = at === 0 ? '>' : markup[at - 1];
    const after = at + ws.length === markup.length ? '<' : markup[at + ws.length];
    return before === '>' && after === '<' ? '' : ' ';
  });
}

/**
 * The widget's `css` templates minified and its `html` / `svg` templates stripped of indentation at
 * build time (Lit keeps template strings as written). Only the literal parts change; a `${}` stays.
 */
function minifyTemplates(): Plugin {
  const minifiers: Record<string, (text: string) => string> = { css: minifyCss, html: minifyMarkup, svg: minifyMarkup };
  return {
    name: 'parley:minify-templates',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const edits: Edit[] = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        const n = node as { type?: string; tag?: { type: string; name: string }; quasi?: { quasis: { start: number; end: number }[] } };
        const minify = n.type === 'TaggedTemplateExpression' && n.tag?.type === 'Identifier' ? minifiers[n.tag.name] : undefined;
        if (minify && n.quasi) {
          for (const q of n.quasi.quasis) {
            const raw = code.slice(q.start, q.end);
            const text = minify(raw);
            if (text !== raw) edits.push({ start: q.start, end: q.end, text });
          }
        }
        for (const value of Object.values(node)) visit(value);
      };
      visit(this.parse(code));
      if (edits.length === 0) return null;
      edits.sort((a, b) => a.start - b.start);
      return applyEdits(code, edits, id);
    },
  };
}

export default defineConfig({
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  plugins: [noLitGlobals(), noWebTransport(), minifyTemplates()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: process.env.PARLEY_ENTRY ?? 'widget/src/parley.ts',
      formats: ['es', 'iife'],
      // The entry exports nothing, so the classic build declares no global: only `window.Parley` is written.
      name: 'ParleyEmbed',
      fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
    },
    rolldownOptions: {
      // Without this the ES build keeps whitespace and names (TOOLCHAIN.md).
      output: { minify: true },
    },
  },
});
