// `npm run build:packages [widget|server]`: builds packages/widget/dist and packages/server/dist from this repository.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { minifyTemplates } from '../widget/build/minify-templates.ts';
import { noLitGlobals } from '../widget/build/no-lit-globals.ts';
import { stubUnusedModules } from '../widget/build/stub-unused-modules.ts';
import { trimUnusedCode } from '../widget/build/trim-unused-code.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WIDGET = join(ROOT, 'packages/widget');
const SERVER = join(ROOT, 'packages/server');
const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
};

/** Every file under `dir`, as paths relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path).map((f) => join(name, f)) : [name];
  });
}

/** The ES module build, its type declarations, the custom-elements manifest and the framework typings. */
async function buildWidget(): Promise<void> {
  const dist = join(WIDGET, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const { version } = JSON.parse(readFileSync(join(WIDGET, 'package.json'), 'utf8')) as { version: string };
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    define: { __PARLEY_VERSION__: JSON.stringify(version) },
    resolve: { conditions: ['browser', 'import', 'module', 'default'] },
    plugins: [noLitGlobals(), stubUnusedModules(), trimUnusedCode(), minifyTemplates()],
    build: {
      outDir: dist,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: true,
      lib: { entry: join(ROOT, 'widget/src/index.ts'), formats: ['es'], fileName: () => 'index.js' },
      rolldownOptions: { output: { minify: true } },
    },
  });
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(WIDGET, 'tsconfig.json')]);
  // The sources import `./x.ts`; the published declarations name the `.js` files a consumer resolves.
  for (const file of files(join(dist, 'types'))) {
    const path = join(dist, 'types', file);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/((?:from |import\()'\.{1,2}\/[^']*)\.ts'/g, "$1.js'"));
  }
  // Importable at run time too: `import '@parley/widget/react'` only brings the typings in.
  for (const framework of ['react', 'vue']) writeFileSync(join(dist, `${framework}.js`), 'export {};\n');
  run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/elements-docs.ts'), '--check']);
  cpSync(join(ROOT, 'dist/custom-elements.json'), join(dist, 'custom-elements.json'));
}

/** A bare import's package name (`@scope/name` or `name`), or null for a relative or `node:` one. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The server's sources (no tests, test helpers or demo), the protocol and the widget builds it
 * serves, laid out as in this repository under dist/. Fails when a shipped file imports a package
 * that package.json does not list, or lists at another version than the repository's.
 */
function buildServer(): void {
  const dist = join(SERVER, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const shipped = (path: string) =>
    !/\.test\.ts$/.test(path) && !/(^|\/)(testing|demo)(\/|$)/.test(relative(ROOT, path).replace(/^server\/src\//, ''));
  cpSync(join(ROOT, 'server/src'), join(dist, 'server/src'), { recursive: true, filter: shipped });
  cpSync(join(ROOT, 'protocol'), join(dist, 'protocol'), { recursive: true, filter: shipped });
  run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-if-stale.ts')]);
  mkdirSync(join(dist, 'dist'));
  for (const file of readdirSync(join(ROOT, 'dist')).filter((f) => /\.js(\.map)?$/.test(f))) {
    cpSync(join(ROOT, 'dist', file), join(dist, 'dist', file));
  }
  const pkg = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const problems = new Set<string>();
  for (const file of files(dist).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from |import\()'([^']+)'/g)) {
      const name = packageOf(specifier!);
      if (name && !pkg.dependencies[name]) problems.add(`${file} imports ${name}, missing from packages/server/package.json`);
    }
  }
  for (const [name, range] of Object.entries(pkg.dependencies)) {
    if (root.dependencies[name] !== range)
      problems.add(`${name}: ${range} in packages/server/package.json, ${root.dependencies[name]} in package.json`);
  }
  if (problems.size) throw new Error(`the server package is incomplete:\n  ${[...problems].join('\n  ')}`);
}

const which = process.argv[2];
if (which !== 'server') await buildWidget();
if (which !== 'widget') buildServer();
if (!existsSync(join(SERVER, 'dist/server/src/cli.ts'))) throw new Error('the server package has no cli.ts');
