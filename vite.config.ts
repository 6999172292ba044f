// Builds the widget into two self-contained files: dist/parley.js (ES module) and dist/parley.iife.js (classic script).
import { defineConfig } from 'vite';

export default defineConfig({
  // Lit's decorators are the legacy (experimentalDecorators) kind, as in tsconfig.json.
  oxc: { decorator: { legacy: true } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'widget/src/index.ts',
      formats: ['es', 'iife'],
      // The IIFE entry exports nothing, so it declares no global: only `window.Parley` is written.
      name: 'Parley',
      fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
    },
    rolldownOptions: {
      // Without this the ES build keeps whitespace and names (TOOLCHAIN.md).
      output: { minify: true },
    },
  },
});
