// docs/deploy/: nginx accepts the configuration, systemd the unit, and Parley the settings they give it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Message } from '../../protocol/index.ts';
import { readConfig } from '../../server/src/config.ts';
import { startTestCluster } from '../../server/src/testing/cluster.ts';
import { connectSocket, nextEvent, request } from '../../server/src/testing/test-server.ts';

const DEPLOY = fileURLToPath(new URL('../../docs/deploy/', import.meta.url));

/** Fails with what to install when `command` is missing: CI must check these files, not skip them. */
function requireCommand(command: string, install: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  assert.ok(found, `${command} is not installed, so docs/deploy/ cannot be checked: ${install} (.ci/run does it)`);
}

/** A port nothing listens on now (the kernel's choice, released at once for nginx to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `KEY=value` lines (comments and blanks skipped), as systemd's EnvironmentFile reads them. */
function envLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:Environment=)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) env[m[1]!] = m[2]!;
  }
  return env;
}

describe('docs/deploy', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'parley-deploy-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('should give nginx a configuration it accepts (nginx -t)', async () => {
    requireCommand('nginx', 'apt-get install -y nginx');
    // The folder the README's command gives with -p: the configuration's relative paths live there.
    await mkdir(join(dir, 'nginx/tmp'), { recursive: true });
    const result = spawnSync('nginx', ['-t', '-p', join(dir, 'nginx'), '-c', join(DEPLOY, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /syntax is ok/);
  });

  it('should proxy both processes, sticky, with the WebSocket upgrade headers', async () => {
    const conf = await readFile(join(DEPLOY, 'nginx.conf'), 'utf8');
    assert.match(conf, /hash \$remote_addr consistent;/);
    assert.match(conf, /server 127\.0\.0\.1:8787;\s+server 127\.0\.0\.1:8788;/);
    assert.match(conf, /proxy_set_header Upgrade \$http_upgrade;\s+proxy_set_header Connection \$connection_upgrade;/);
  });

  it('should give systemd a unit it accepts (systemd-analyze verify)', async () => {
    requireCommand('systemd-analyze', 'apt-get install -y systemd');
    // The unit as installed, with /opt/parley and /etc/parley moved here: verify checks that commands exist.
    const unit = (await readFile(join(DEPLOY, 'parley@.service'), 'utf8'))
      .replaceAll('/opt/parley', join(dir, 'opt'))
      .replaceAll('/etc/parley/parley.env', join(DEPLOY, 'parley.env'));
    await mkdir(join(dir, 'opt/node_modules/.bin'), { recursive: true });
    await writeFile(join(dir, 'opt/node_modules/.bin/parley'), '#!/bin/sh\n');
    await chmod(join(dir, 'opt/node_modules/.bin/parley'), 0o755);
    await writeFile(join(dir, 'parley@.service'), unit);
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, 'parley@8787.service')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr.trim(), '');
  });

  it('should start `parley migrate` then `parley serve` with settings Parley accepts', async () => {
    const unit = await readFile(join(DEPLOY, 'parley@.service'), 'utf8');
    assert.match(unit, /^ExecStartPre=\/opt\/parley\/node_modules\/\.bin\/parley migrate$/m);
    assert.match(unit, /^ExecStart=\/opt\/parley\/node_modules\/\.bin\/parley serve$/m);
    const env = { ...envLines(await readFile(join(DEPLOY, 'parley.env'), 'utf8')), ...envLines(unit), PORT: '8787' };
    const config = readConfig(env);
    assert.equal(config.port, 8787);
    assert.equal(config.logFormat, 'json');
    assert.ok(config.redisUrl && config.databaseUrl && config.metricsToken);
  });

  it('should carry REST, long-polling and WebSocket clients to two real processes through nginx', async () => {
    requireCommand('nginx', 'apt-get install -y nginx');
    const cluster = await startTestCluster(2);
    const listen = await freePort();
    // The configuration as written, on this run's ports instead of 8787, 8788 and 8080.
    const conf = (await readFile(join(DEPLOY, 'nginx.conf'), 'utf8'))
      .replace('server 127.0.0.1:8787;', `server 127.0.0.1:${cluster.processes[0]!.port};`)
      .replace('server 127.0.0.1:8788;', `server 127.0.0.1:${cluster.processes[1]!.port};`)
      .replace('listen 8080;', `listen 127.0.0.1:${listen};`);
    const prefix = join(dir, 'nginx-run');
    await mkdir(join(prefix, 'tmp'), { recursive: true });
    await writeFile(join(prefix, 'nginx.conf'), conf);
    const nginx = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
    const proxy = `http://127.0.0.1:${listen}`;
    try {
      // nginx says nothing when it listens: ask until it answers (each try is one quick refused connection).
      for (let ready = false; !ready;) {
        assert.equal(nginx.exitCode, null, 'nginx exited');
        ready = await fetch(`${proxy}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const created = await fetch(`${proxy}/api/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await cluster.token('alice')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sellerId: 'bob', listing: { id: 'ad_1' } }),
      });
      assert.equal(created.status, 201);
      const { conversation } = (await created.json()) as { conversation: { id: string } };
      const alice = await connectSocket(proxy, await cluster.token('alice'), { transports: ['polling'] });
      const bob = await connectSocket(proxy, await cluster.token('bob'), { transports: ['websocket'] });
      try {
        const arrived = nextEvent(bob, 'message:created', (m) => m.clientId === 'through-nginx');
        const ack = await request<Message>(alice, 'message:send', {
          conversationId: conversation.id,
          clientId: 'through-nginx',
          body: 'Sent by long-polling through nginx',
        });
        assert.equal(ack.ok, true);
        assert.equal((await arrived).body, 'Sent by long-polling through nginx');
      } finally {
        alice.close();
        bob.close();
      }
    } finally {
      nginx.kill('SIGTERM');
      if (nginx.exitCode === null) await new Promise((resolve) => nginx.once('exit', resolve));
      await cluster.close();
    }
  });
});
