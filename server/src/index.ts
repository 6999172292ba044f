// Starts Parley from environment variables: database, migrations, optional Redis, demo, signals.
import { readConfigOrExit } from './config.ts';
import { migrate } from './db/migrate.ts';
import { isEmbeddedStartError } from './db/embedded-errors.ts';
import { openDatabase, type Database } from './db/sql.ts';
import { createLogger, isPrettyFormat } from './logger.ts';
import { installProcessGuard } from './process-guard.ts';
import { startServer } from './server.ts';
import { photoOptionsFromConfig } from './uploads/photo-options.ts';

const config = readConfigOrExit();
const logger = createLogger(config.logLevel, config.logFormat);

let db: Database;
try {
  db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
} catch (err) {
  if (!isEmbeddedStartError(err)) throw err;
  logger.fatal({ reason: err.name }, 'the embedded database did not open');
  console.error(`\n${err.message}\n`);
  process.exit(1);
}
const applied = await migrate(db.sql);
if (applied.length) logger.info({ applied }, 'migrations applied');

const scaleOut = config.redisUrl
  ? await (
      await import('./realtime/redis.ts')
    ).redisScaleOut({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      logger,
      allowances: config.budgetPoints,
    })
  : null;
const photos = await photoOptionsFromConfig(config);
const options = { config, db, logger, photos, ...(scaleOut ?? {}) };
const server = config.demo ? await (await import('./demo/demo-server.ts')).startDemoServer(options) : await startServer(options);
// A newcomer at a terminal is told where to go; a log collector has the same in the 'demo ready' entry.
if (config.demo && isPrettyFormat(config.logFormat)) {
  process.stdout.write(`\n${(await import('./demo/demo-welcome.ts')).demoWelcome(server.port)}\n\n`);
}
// Only now: until the server listens, a failure must end the process with its error (exit 1).
installProcessGuard(logger);

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
/** A shutdown that fails still ends the process (the guard would otherwise log it and keep it running). */
function shutdownOrExit(signal: string) {
  shutdown(signal).catch((err: unknown) => {
    logger.error({ err, signal }, 'shutdown failed');
    process.exit(1);
  });
}
process.on('SIGTERM', () => shutdownOrExit('SIGTERM'));
process.on('SIGINT', () => shutdownOrExit('SIGINT'));
