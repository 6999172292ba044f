// Why the embedded database would not open, in words a person can act on (no stack trace needed).

/** Who holds a folder's lock, as the holder announces itself to anyone who connects. */
export interface LockHolder {
  pid: number;
  /** What the holder is: `server`, `site cli`, `backup`… */
  role: string;
  startedAt: string;
}

/** Thrown when another live process holds the folder. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder ? `a Parley ${holder.role} (pid ${holder.pid}, since ${holder.startedAt})` : 'another process';
    super(
      `The embedded database in ${dir} is in use by ${who}. ` +
        'Two processes writing one embedded database lose data, so this one will not open it. ' +
        'Stop the other process first, or point PARLEY_DATA_DIR at another folder ' +
        '(for several processes, use PostgreSQL through DATABASE_URL).',
    );
    this.name = 'DataDirBusyError';
  }
}

/** Thrown when the folder exists but the database in it will not open: nothing is created over it. */
export class EmbeddedDatabaseError extends Error {
  constructor(dir: string, reason: string) {
    super(
      `The embedded database in ${dir} did not open: ${reason}\n` +
        'Parley will not start an empty database in its place. To recover:\n' +
        '  1. Make sure no other Parley process uses this folder, then start again.\n' +
        '  2. Otherwise restore your last backup into a new folder:\n' +
        '       npm run backup -- restore <backup.tar.gz> --data-dir <new folder>\n' +
        '     and start with PARLEY_DATA_DIR=<new folder>.\n' +
        `  3. With no backup, move ${dir} aside (keep it: its files may still be salvaged with PostgreSQL's tools)\n` +
        '     to start over with an empty database.',
    );
    this.name = 'EmbeddedDatabaseError';
  }
}

/** True for the errors above: the process should print their message and exit, not a stack trace. */
export function isEmbeddedStartError(err: unknown): err is DataDirBusyError | EmbeddedDatabaseError {
  return err instanceof DataDirBusyError || err instanceof EmbeddedDatabaseError;
}
