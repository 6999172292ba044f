// The `parley` command of the server package: serve, migrate, site (sites, keys, webhooks) and backup.

import { existsSync } from 'node:fs';

const USAGE = `usage: parley <command> [options]

  parley serve                 runs the server (PORT, DATABASE_URL, REDIS_URL… from the environment)
  parley migrate               applies pending database migrations and exits
  parley site create|set|safety|resolve-reports|key|webhook …
                               manages sites, their server API keys and webhooks ("parley site --help")
  parley backup [restore]      copies (or restores) the embedded database

Without DATABASE_URL the embedded database lives under PARLEY_DATA_DIR (.parley in this folder).`;

/** Each command and the module that runs it, with the arguments after the command as its own. */
const COMMANDS: Record<string, () => Promise<unknown>> = {
  serve: () => import('./index.ts'),
  migrate: () => import('./db/migrate-cli.ts'),
  site: () => import('./identity/site-cli.ts'),
  backup: () => import('./db/backup-cli.ts'),
};

const [command, ...rest] = process.argv.slice(2);
const run = command === undefined ? undefined : COMMANDS[command];
if (!run) {
  const help = command === undefined || command === 'help' || command === '--help' || command === '-h';
  (help ? process.stdout : process.stderr).write(
    `${help ? '' : `parley: unknown command "${command.slice(0, 40)}"\n\n`}${USAGE}\n`,
  );
  process.exit(help ? 0 : 2);
}
// The package ships the server without the demo marketplace: demo mode is `npm start` in the repository.
if (command === 'serve' && process.env.PARLEY_DEMO === '1' && !existsSync(new URL('./demo/demo-server.ts', import.meta.url))) {
  process.stderr.write('parley: PARLEY_DEMO=1 needs the demo, which comes with the repository (npm start), not this package.\n');
  process.exit(1);
}
// The command's module reads process.argv as `npm run <command> --` gives it: options from index 2.
process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
await run();
