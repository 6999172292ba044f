// Builds the embed: the runtime chunk dist/parley-runtime-<hash>.js (ES module), then the two loaders that import it,
// dist/parley.js (ES module) and dist/parley.iife.js (classic script), in widget/build/loader-build.ts.
// With PARLEY_ENTRY (scripts/size-breakdown.ts) it builds that entry alone into dist/parley.js and dist/parley.iife.js.
// The other plugins live in widget/build/: no Lit globals, stubs and trims of unused socket.io-client code, template minifying.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { buildLoaders } from './widget/build/loader-build.ts';
import { minifyTemplates } from './widget/build/minify-templates.ts';
import { noLitGlobals } from './widget/build/no-lit-globals.ts';
import { stubUnusedModules } from './widget/build/stub-unused-modules.ts';
import { trimUnusedCode } from './widget/build/trim-unused-code.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

const entry = process.env.PARLEY_ENTRY;
const shared = {
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
};

export default defineConfig({
  ...shared,
  plugins: [noLitGlobals(), stubUnusedModules(), trimUnusedCode(), minifyTemplates(), ...(entry ? [] : [buildLoaders(shared)])],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: entry
      ? {
          entry,
          formats: ['es', 'iife'],
          name: 'ParleyEmbed',
          fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
        }
      : // Content-hashed: served as immutable, while the loaders that name it stay short-lived.
        { entry: 'widget/src/runtime.ts', formats: ['es'], fileName: () => 'parley-runtime-[hash].js' },
    rolldownOptions: {
      // Without this the ES build keeps whitespace and names (TOOLCHAIN.md).
      output: { minify: true },
    },
  },
});
