// Opens the configured database for a command-line tool, with a readable refusal when a server holds it.
import { readConfigOrExit } from '../config.ts';
import { createLogger } from '../logger.ts';
import { isEmbeddedStartError } from './embedded-errors.ts';
import { openDatabase, type Database } from './sql.ts';

/**
 * The database for the CLI named `role`. On the embedded database while a server runs on the same
 * folder, prints why it cannot open it (two writers would lose data) and exits with status 2.
 */
export async function openCliDatabase(role: string, logLevel = 'silent'): Promise<Database> {
  const config = readConfigOrExit();
  try {
    return await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger: createLogger(logLevel),
      max: 1,
      role,
    });
  } catch (err) {
    if (!isEmbeddedStartError(err)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}
