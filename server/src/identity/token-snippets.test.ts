// The token-signing snippets of docs/identity.md (Node, Python, PHP), run as written: the server accepts their tokens.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { verifyToken } from './token.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/identity.md'), 'utf8');

/** The first ```lang block of the section titled `heading`. */
function snippet(heading: string, lang: string): string {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `docs/identity.md has a "## ${heading}" section`);
  const code = section.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'))?.[1];
  assert.ok(code, `"${heading}" has a ${lang} block`);
  return code;
}

/** Runs `command`; a missing interpreter fails with what CI must install. */
function run(command: string, args: string[], env: Record<string, string>, install: string): string {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    assert.fail(`${command} is not installed: the docs' snippet cannot be checked (CI: ${install})`);
  }
  assert.equal(result.status, 0, `${command} failed: ${result.stderr}`);
  return result.stdout.trim();
}

const USER = { id: 'u_42', name: 'Zoë Ångström', picture: 'https://img.market.example/u/42.png' };

describe('token snippets of docs/identity.md', () => {
  let t: TestServer;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'parley-snippets-'));
    env = { PARLEY_SITE_ID: t.site.id, PARLEY_SITE_SECRET: t.site.secret };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** The server's verdict on `token`: the user it names, with the same checks as every request. */
  const accepted = async (token: string) => {
    const { user, site } = await verifyToken(token, { sites: t.server.services.sites, algorithms: ['HS256'] });
    assert.equal(site.id, t.site.id);
    assert.deepEqual({ id: user.userId, name: user.name, picture: user.picture }, USER);
  };

  it('should sign an accepted token with the Node snippet', async () => {
    const code = `${snippet('Signing tokens in Node', 'js')}
console.log(await parleyToken({ id: ${JSON.stringify(USER.id)}, displayName: ${JSON.stringify(USER.name)}, avatarUrl: ${JSON.stringify(USER.picture)} }));`;
    await accepted(run(process.execPath, ['--input-type=module', '--eval', code], env, 'node'));
  });

  it('should sign an accepted token with the Python snippet', async () => {
    const file = join(dir, 'token.py');
    writeFileSync(file, `${snippet('Signing tokens in Python', 'python')}\nimport sys\nprint(parley_token(*sys.argv[1:]))\n`);
    await accepted(run('python3', [file, USER.id, USER.name, USER.picture], env, 'apt-get install -y python3'));
  });

  it('should sign an accepted token with the PHP snippet', async () => {
    const file = join(dir, 'token.php');
    writeFileSync(file, `${snippet('Signing tokens in PHP', 'php')}\necho parley_token($argv[1], $argv[2], $argv[3]);\n`);
    const token = run('php', [file, USER.id, USER.name, USER.picture], env, 'apt-get install -y php-cli');
    await accepted(token);
  });

  it('should refuse a token from a snippet given the wrong secret (the check above can fail)', async () => {
    const file = join(dir, 'wrong.php');
    writeFileSync(file, `${snippet('Signing tokens in PHP', 'php')}\necho parley_token('u_42', 'Zoë');\n`);
    const token = run('php', [file], { ...env, PARLEY_SITE_SECRET: 'not-the-secret' }, 'apt-get install -y php-cli');
    await assert.rejects(accepted(token), /signature/i);
  });
});
