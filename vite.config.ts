// Builds the embed into two self-contained files: dist/parley.js (ES module) and dist/parley.iife.js (classic script).
// The plugins live in widget/build/: no Lit globals, stubs and trims of unused socket.io-client code, template minifying.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { minifyTemplates } from './widget/build/minify-templates.ts';
import { noLitGlobals } from './widget/build/no-lit-globals.ts';
import { stubUnusedModules } from './widget/build/stub-unused-modules.ts';
import { trimUnusedCode } from './widget/build/trim-unused-code.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  plugins: [noLitGlobals(), stubUnusedModules(), trimUnusedCode(), minifyTemplates()],
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
