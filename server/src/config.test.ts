// Configuration checked at start: one clear line per wrong variable, no stack trace, exit status 1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig } from './config.ts';

const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Runs the real entry point with `env` added, and resolves with its exit code and output once it ends. */
function runEntry(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The ConfigError `readConfig(env)` throws (failing the test when it throws nothing or something else). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('readConfig accepted a wrong configuration');
}

describe('configuration', () => {
  it('should read the defaults from an empty environment', () => {
    const config = readConfig({});
    assert.equal(config.port, 8787);
    assert.equal(config.logFormat, 'auto');
    assert.equal(config.metricsToken, null);
    assert.deepEqual(config.jwtAlgorithms, ['HS256']);
  });

  it('should list every wrong variable at once, each with what it expects', () => {
    const env = {
      PORT: '99999',
      DATABASE_URL: 'mysql://root@db/parley',
      LOG_LEVEL: 'loud',
      PARLEY_DEMO: 'yes',
      PARLEY_EMAIL_DELAY: 'soon',
      PARLEY_JWT_ALGORITHMS: 'HS256,none',
      PARLEY_METRICS_TOKEN: 'short',
      PARLEY_PUBLIC_URL: 'not a url',
    };
    const error = configError(env);
    assert.deepEqual(error.problems, [
      'PARLEY_PUBLIC_URL must be a URL starting with http:// or https://, and it does not parse',
      'PARLEY_EMAIL_DELAY must be a whole number from 0 to 86400, got "soon"',
      'PORT must be a port number, got "99999"',
      'DATABASE_URL must start with postgres:// or postgresql://, got mysql://…',
      'PARLEY_DEMO must be 1 (on) or 0 (off), got "yes"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'PARLEY_JWT_ALGORITHMS must list some of HS256, HS384, HS512, got "HS256,none"',
      'PARLEY_METRICS_TOKEN must be at least 16 characters without spaces (got 5)',
    ]);
  });

  it('should never repeat a database URL or a token in its message: they may hold secrets', () => {
    const error = configError({ REDIS_URL: 'http://user:hunter2@cache', PARLEY_METRICS_TOKEN: 'hunter2 hunter2 hunter2' });
    assert.equal(error.problems.length, 2);
    assert.doesNotMatch(error.message, /hunter2/);
  });

  it('should ask for the S3 settings that PARLEY_S3_BUCKET needs', () => {
    const error = configError({ PARLEY_S3_BUCKET: 'photos', PARLEY_S3_ACCESS_KEY_ID: 'id' });
    assert.deepEqual(error.problems, [
      'PARLEY_S3_ENDPOINT is required when PARLEY_S3_BUCKET is set',
      'PARLEY_S3_SECRET_ACCESS_KEY is required when PARLEY_S3_BUCKET is set',
    ]);
  });

  it('should make the real entry point exit 1 with one line per wrong variable on stderr and no stack trace', async () => {
    const { code, stdout, stderr } = await runEntry({ PORT: 'eighty', PARLEY_LOG_FORMAT: 'xml' });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'Parley cannot start: the configuration is wrong.\n' +
        '  - PORT must be a port number, got "eighty"\n' +
        '  - PARLEY_LOG_FORMAT must be one of json, pretty, auto, got "xml"\n',
    );
  });
});
