// The embedded PostgreSQL (PGlite) for zero-setup `npm start`, served on a local socket for postgres.js.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { EmbeddedDatabaseError } from './embedded-errors.ts';

/** A running embedded database. */
export interface EmbeddedDatabase {
  /** A postgres:// URL for postgres.js. */
  url: string;
  /** Writes a gzipped tar of the data folder to `path` (a consistent copy, taken between queries). */
  backup(path: string): Promise<number>;
  /** Checkpoints, closes the database, then frees the folder for the next process. */
  stop(): Promise<void>;
}

/** The folder under `dataDir` that holds the database files. */
export const pgDataDir = (dataDir: string) => join(dataDir, 'pgdata');

/**
 * Opens (or creates) the database under `dataDir/pgdata` and serves it on 127.0.0.1 at a free port.
 * Takes the folder's lock first: a second process on the same folder fails with `DataDirBusyError`.
 * `role` names this process in the message the other one gets.
 */
export async function startEmbedded(dataDir: string, logger: Logger, role = 'server'): Promise<EmbeddedDatabase> {
  const dir = pgDataDir(dataDir);
  const lock = await lockDataDir(dataDir, role);
  try {
    const db = await openPGlite(dir, logger);
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 1 });
    await server.start();
    const conn = server.getServerConn(); // "127.0.0.1:<port>"
    logger.info({ dir, conn }, 'embedded database ready');

    const backup = async (path: string) => {
      await db.exec('CHECKPOINT');
      const tar = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, tar, { mode: 0o600 });
      return tar.length;
    };
    lock.serve(async (request) => {
      if (request.cmd !== 'backup' || typeof request.path !== 'string') throw new Error('Unknown control request.');
      return { bytes: await backup(request.path) };
    });
    return {
      url: `postgres://postgres@${conn}/postgres`,
      backup,
      async stop() {
        await server.stop();
        await db.exec('CHECKPOINT');
        await db.close();
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Opens an existing database folder or creates one in an empty folder; never replaces one that fails. */
async function openPGlite(dir: string, logger: Logger): Promise<PGlite> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new EmbeddedDatabaseError(dir, 'the folder is not empty but holds no database (no PG_VERSION file).');
  }
  if (entries.length === 0) logger.info({ dir }, 'creating a new embedded database');
  try {
    // unaccent: search ignores accents (migration 009); PGlite ships contrib extensions as separate bundles.
    return await PGlite.create(dir, { extensions: { unaccent } });
  } catch (err) {
    throw new EmbeddedDatabaseError(dir, err instanceof Error ? err.message : String(err));
  }
}
