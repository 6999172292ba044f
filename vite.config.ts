// Builds the embed into two self-contained files: dist/parley.js (ES module) and dist/parley.iife.js (classic script).
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Lit records its version in `globalThis.litHtmlVersions` (and two siblings) to warn about duplicate
 * copies. The widget must write no global but `Parley`, and it is meant to share a page with other
 * copies of Lit, so those lines are dropped from the bundle.
 */
function noLitVersionGlobals(): Plugin {
  const pattern = /\(\s*(?:globalThis|global|[a-zA-Z_$][\w$]*)\.(?:litHtmlVersions|litElementVersions|reactiveElementVersions)\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/g;
  return {
    name: 'parley:no-lit-version-globals',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/.test(id)) return null;
      // An expression stands where the call stood: it may sit inside a comma expression.
      const out = code.replace(pattern, 'void 0');
      return out === code ? null : { code: out, map: null };
    },
  };
}

export default defineConfig({
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  plugins: [noLitVersionGlobals()],
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
