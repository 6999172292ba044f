// Starts Parley from environment variables: database, migrations, optional Redis, demo, signals.
import { readConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/sql.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);

process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
const applied = await migrate(db.sql);
if (applied.length) logger.info({ applied }, 'migrations applied');

const scaleOut = config.redisUrl
  ? await (await import('./realtime/redis.ts')).redisScaleOut({ url: config.redisUrl, prefix: config.redisPrefix, logger })
  : null;
const options = { config, db, logger, ...(scaleOut ?? {}) };
const server = config.demo
  ? await (await import('./demo/demo-server.ts')).startDemoServer(options)
  : await startServer(options);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await server.close();
  await scaleOut?.close();
  await db.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
