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

export default defineConfig({
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  plugins: [noLitGlobals(), noWebTransport()],
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
