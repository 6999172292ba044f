// `npm run migrate`: applies pending migrations to the configured database and exits.
import { readConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './sql.ts';

const config = readConfig();
const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, max: 1 });
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
