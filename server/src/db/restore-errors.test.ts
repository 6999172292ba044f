// A restore that cannot read its target folder says why, instead of failing later inside PGlite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const BACKUP_CLI = fileURLToPath(new URL('./backup-cli.ts', import.meta.url));
const run = promisify(execFile);

describe('restore errors', () => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('should report a target it cannot read (a file where the database folder goes) as it is', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-restore-'));
    folders.push(dataDir);
    await writeFile(join(dataDir, 'pgdata'), 'not a folder');
    await writeFile(join(dataDir, 'copy.tar.gz'), 'not a backup either');
    const failure = await run(process.execPath, ['--import', 'tsx', BACKUP_CLI, 'restore', join(dataDir, 'copy.tar.gz')], {
      env: { ...process.env, PARLEY_DATA_DIR: dataDir, DATABASE_URL: '' },
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    assert.ok(failure, 'the restore must fail');
    assert.notEqual(failure.code, 0);
    assert.match(failure.stderr, /ENOTDIR/);
  });
});
