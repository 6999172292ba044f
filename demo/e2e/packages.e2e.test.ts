// The packed packages in a fresh project: installed offline, `parley serve` on the embedded database, each example sending a message in Chromium.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Message } from '../../protocol/index.ts';
import { offlineLock, type TarballPackage } from '../../scripts/offline-lock.ts';
import { signTestToken } from '../../server/src/testing/tokens.ts';
import { connectSocket, nextEvent } from '../../server/src/testing/test-server.ts';
import { launchChromium, watchProblems } from './browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = ['react', 'vue', 'plain'] as const;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Runs a command to its end; its output when it fails is the assertion's message. */
function sh(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): string {
  const result = spawnSync(command, args, { ...options, env: { ...process.env, ...options.env }, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Every path a package.json promises: `exports` targets, `bin`, `types`, `customElements`, `main`. */
function promisedFiles(pkg: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') found.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const key of ['exports', 'bin', 'types', 'customElements', 'main', 'module']) walk(pkg[key]);
  return found;
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)).map((f) => `${name}/${f}`) : [name],
  );

describe('packages installed from their tarballs', () => {
  let dir: string;
  let project: string;
  let host: Server;
  let hostOrigin: string;
  let parleyUrl: string;
  let secret: string;
  let serve: ReturnType<typeof spawn>;
  let browser: Browser;
  const token = (sub: string) => signTestToken({ siteId: 'examples', secret, sub, name: `Example ${sub}` });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-packages-'));
    project = join(dir, 'project');
    sh(process.execPath, ['--import', 'tsx', 'scripts/build-packages.ts'], { cwd: ROOT });
    const tarballs: Record<string, string> = {};
    const manifests: Record<string, TarballPackage> = {};
    for (const name of ['widget', 'server']) {
      const packed = JSON.parse(
        sh('npm', ['pack', `./packages/${name}`, '--json', '--pack-destination', dir], { cwd: ROOT }),
      ) as {
        filename: string;
      }[];
      const pkg = JSON.parse(readFileSync(join(ROOT, `packages/${name}/package.json`), 'utf8')) as TarballPackage;
      tarballs[`@parley/${name}`] = `file:../${packed[0]!.filename}`;
      manifests[`@parley/${name}`] = pkg;
    }
    // The examples' toolchain at the versions this repository locks; everything from the npm cache.
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const toolchain = ['react', 'react-dom', 'vue', 'vite', '@vitejs/plugin-react', '@vitejs/plugin-vue'];
    const dependencies = { ...tarballs, ...Object.fromEntries(toolchain.map((d) => [d, root.devDependencies[d]!])) };
    cpSync(join(ROOT, 'examples'), join(project, 'examples'), { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'parley-try', private: true, type: 'module', dependencies }),
    );
    const lock = offlineLock(join(ROOT, 'package-lock.json'), 'parley-try', dependencies, manifests);
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock));
    sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project });

    host = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname === '/api/parley-token') {
        // The marketplace's backend: signs a token for its signed-in user (alice here).
        void token('alice').then((t) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: t })),
        );
        return;
      }
      if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
      const [, example, ...rest] = url.pathname.split('/');
      const base = example === 'plain' ? join(project, 'examples/plain') : join(project, `examples/${example}/dist`);
      const file = join(base, rest.join('/') || 'index.html');
      if (!EXAMPLES.includes(example as never) || !file.startsWith(base) || !existsSync(file)) return res.writeHead(404).end();
      let body: string | Buffer = readFileSync(file);
      // The plain page names the Parley server in its script tag: here, the one this test started.
      if (example === 'plain') body = body.toString().replaceAll('http://localhost:8787', parleyUrl);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

    const parley = join(project, 'node_modules/.bin/parley');
    const env = { PARLEY_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', REDIS_URL: '', PARLEY_DEMO: '' };
    const created = sh(parley, ['site', 'create', '--name', 'Examples', '--id', 'examples', '--origin', hostOrigin], {
      cwd: project,
      env,
    });
    secret = /site secret: (\S+)/.exec(created)![1]!;
    serve = spawn(parley, ['serve'], {
      cwd: project,
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (d) => {
        out += d;
        const m = /"port":(\d+),"host":"127\.0\.0\.1","msg":"parley listening"/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      serve.once('exit', (code) => reject(new Error(`parley serve exited with ${code}: ${out}`)));
    });
    parleyUrl = `http://127.0.0.1:${port}`;
    for (const example of ['react', 'vue']) {
      const cwd = join(project, 'examples', example);
      sh(
        process.execPath,
        [join(project, 'node_modules/vite/bin/vite.js'), 'build', '--base', `/${example}/`, '--logLevel', 'warn'],
        {
          cwd,
          env: { VITE_PARLEY_SERVER: parleyUrl },
        },
      );
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
    await new Promise((resolve) => host?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should install every file each package.json promises, and no server code in the widget', () => {
    for (const name of ['widget', 'server']) {
      const installed = join(project, 'node_modules/@parley', name);
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
      for (const file of promisedFiles(pkg)) assert.ok(existsSync(join(installed, file)), `@parley/${name} lacks ${file}`);
    }
    const widgetFiles = listFiles(join(project, 'node_modules/@parley/widget'));
    assert.deepEqual(
      widgetFiles.filter((f) => /server|\.test\./.test(f)),
      [],
    );
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/@parley/widget/dist/custom-elements.json'), 'utf8')) as {
      modules: { declarations?: { tagName?: string }[] }[];
    };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
    assert.deepEqual(tags.sort(), ['parley-chat', 'parley-contact-seller', 'parley-unread-bubble']);
  });

  it('should answer `parley --help` and serve the widget builds', async () => {
    assert.match(sh(join(project, 'node_modules/.bin/parley'), ['--help'], { cwd: project }), /parley serve/);
    const script = await fetch(`${parleyUrl}/parley.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
  });

  for (const example of EXAMPLES) {
    it(`should send a message from the ${example} example`, async () => {
      const bob = await connectSocket(parleyUrl, await token('bob'));
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const { problems } = watchProblems(page);
        await page.goto(`${hostOrigin}/${example}/`);
        await page.locator('parley-contact-seller button').click();
        const text = `Hello from the ${example} example`;
        const arrived = nextEvent(bob, 'message:created', (m: Message) => m.body === text, 20_000);
        const input = page.locator('parley-chat textarea');
        await input.fill(text);
        await input.press('Enter');
        const message = await arrived;
        assert.equal(message.senderId, 'alice');
        await page.locator('parley-chat li.msg', { hasText: text }).waitFor();
        assert.deepEqual(problems, []);
      } finally {
        bob.close();
        await context.close();
      }
    });
  }
});
