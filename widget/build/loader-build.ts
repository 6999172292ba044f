// Build plugin: after the runtime chunk is written, builds the two loaders (dist/parley.js, dist/parley.iife.js) that import it.
import { build, type Plugin, type UserConfig } from 'vite';

/** The loaders' source, for both formats. */
const LOADER_ENTRY = 'widget/src/loader/loader.ts';

/**
 * The loaders carry the contact button's and the bubble's styles, written with Lit's `css` tag: in
 * their build `lit` is Lit's small CSS module alone (no templates, no element base class).
 */
const cssOnlyLit = { find: /^lit$/, replacement: '@lit/reactive-element/css-tag.js' };

/**
 * Builds the loaders once the runtime chunk has its content-hashed name, which they get as
 * `__PARLEY_RUNTIME__` and resolve against their own URL. `shared` is the runtime build's
 * configuration (defines, resolve conditions) without its plugins.
 */
export function buildLoaders(shared: Pick<UserConfig, 'define' | 'resolve'>): Plugin {
  let runtimeFile: string | null = null;
  let outDir = 'dist';
  return {
    name: 'parley:build-loaders',
    apply: 'build',
    writeBundle(options, bundle) {
      outDir = options.dir ?? outDir;
      runtimeFile = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry)?.fileName ?? null;
    },
    async closeBundle() {
      if (!runtimeFile) throw new Error('the runtime chunk was not written');
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { ...shared.define, __PARLEY_RUNTIME__: JSON.stringify(`./${runtimeFile}`) },
        resolve: { ...shared.resolve, alias: [cssOnlyLit] },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          minify: true,
          lib: {
            entry: LOADER_ENTRY,
            formats: ['es', 'iife'],
            // The entry exports nothing, so the classic build declares no global: only `window.Parley` is written.
            name: 'ParleyLoader',
            fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
          },
          rolldownOptions: { output: { minify: true } },
        },
      });
    },
  };
}
