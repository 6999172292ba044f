// `npm run backup`: a copy of the embedded database (asking the running server when there is one), and its restore.
import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { readConfigOrExit } from '../config.ts';
import { createLogger } from '../logger.ts';
import { askLockHolder, lockDataDir } from './data-dir-lock.ts';
import { pgDataDir, startEmbedded } from './embedded.ts';
import { DataDirBusyError, isEmbeddedStartError } from './embedded-errors.ts';

const USAGE = `usage:
  npm run backup [-- --out <file.tar.gz>]                       copy the embedded database (server running or not)
  npm run backup -- restore <file.tar.gz> [--data-dir <folder>]  restore a copy into an empty folder`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
});
const config = readConfigOrExit();
const dataDir = resolve(values['data-dir'] ?? config.dataDir);

if (values.help || (positionals.length > 0 && positionals[0] !== 'restore')) {
  console.error(USAGE);
  process.exit(2);
}
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back up PostgreSQL with its own tools (pg_dump, or your provider’s backups).');
  process.exit(2);
}

try {
  if (positionals[0] === 'restore') await restore(positionals[1]);
  else await backup(resolve(values.out ?? `${dataDir}/backups/parley-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`));
} catch (err) {
  if (!isEmbeddedStartError(err)) throw err;
  console.error(err.message);
  process.exit(2);
}

/** Dumps the data folder: through the running server when one holds it, else by opening it here. */
async function backup(out: string): Promise<void> {
  let bytes: number;
  try {
    const db = await startEmbedded(dataDir, createLogger('silent'), 'backup command');
    try {
      bytes = await db.backup(out);
    } finally {
      await db.stop();
    }
  } catch (err) {
    if (!(err instanceof DataDirBusyError) || err.holder?.role !== 'server') throw err;
    // A running server has the folder: it writes the copy itself, between two of its queries.
    bytes = Number((await askLockHolder(dataDir, { cmd: 'backup', path: out })).bytes);
  }
  console.log(`backup written: ${out} (${(bytes / 1024).toFixed(0)} KiB)`);
  console.log(`restore it with: npm run backup -- restore ${out} --data-dir <empty folder>`);
}

/** Unpacks a backup into `dataDir/pgdata`, which must not hold a database yet. */
async function restore(file: string | undefined): Promise<void> {
  if (!file) {
    console.error(USAGE);
    process.exit(2);
  }
  const lock = await lockDataDir(dataDir, 'restore command');
  try {
    const target = pgDataDir(dataDir);
    // No folder yet is the expected case; any other failure to read it (a file there) is reported as is.
    const existing = await readdir(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    if (existing.length > 0) {
      console.error(`${target} is not empty: restore into a new folder (--data-dir), never over a database.`);
      process.exit(2);
    }
    const db = await PGlite.create(target, { loadDataDir: new Blob([await readFile(resolve(file))]) });
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await db.close();
    console.log(`restored ${file} into ${target} (${rows[0]?.n ?? 0} tables)`);
    console.log(`start it with: PARLEY_DATA_DIR=${dataDir} npm start`);
  } finally {
    await lock.release();
  }
}
