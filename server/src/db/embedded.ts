// The embedded PostgreSQL (PGlite) for zero-setup `npm start`, served on a local socket for postgres.js.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';

/** A running embedded database. */
export interface EmbeddedDatabase {
  /** A postgres:// URL for postgres.js. */
  url: string;
  stop(): Promise<void>;
}

/** Opens (or creates) the database under `dataDir/pgdata` and serves it on 127.0.0.1 at a free port. */
export async function startEmbedded(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pgdata');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:<port>"
  logger.info({ dir, conn }, 'embedded database ready');
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
