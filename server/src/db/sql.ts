// Opens the database: a real PostgreSQL from DATABASE_URL, or the embedded PGlite behind a local socket.
import { hostname } from 'node:os';
import postgres from 'postgres';
import type { Logger } from '../logger.ts';

/** The postgres.js client type used across the server. */
export type Sql = postgres.Sql<Record<string, never>>;

/** A piece of SQL built with `sql\`…\`` to be placed inside another query. */
export type SqlFragment = postgres.PendingQuery<postgres.Row[]>;

/** An open database and how to close it. */
export interface Database {
  sql: Sql;
  /** True for the embedded PGlite. */
  embedded: boolean;
  /** Answers whether the database replies to a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  logger: Logger;
  /** Pool size for a real PostgreSQL. */
  max?: number;
  /** What this process is (`server`, `site cli`…), told to another process that finds the embedded folder locked. */
  role?: string;
}

const CLIENT_OPTIONS: postgres.Options<Record<string, postgres.PostgresType>> = {
  // Fail fast while the database is down so requests answer `unavailable` instead of hanging.
  connect_timeout: 5,
  idle_timeout: 60,
  onnotice: () => {},
  // Names this process's connections in pg_stat_activity: /metrics counts its pool's busy ones by it.
  connection: { application_name: `parley ${hostname()}:${process.pid}`.slice(0, 63) },
  // Dates stay ISO strings end to end; bigint counts come back as numbers.
  types: {
    bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
  },
};

/** Opens the configured database. */
export async function openDatabase({ databaseUrl, dataDir, logger, max = 10, role }: OpenDatabaseOptions): Promise<Database> {
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { ...CLIENT_OPTIONS, max }) as unknown as Sql;
    fetchTypesOnce(sql);
    return { sql, embedded: false, ping: (timeoutMs) => ping(sql, logger, timeoutMs), close: () => sql.end({ timeout: 5 }) };
  }
  const { startEmbedded } = await import('./embedded.ts');
  const embedded = await startEmbedded(dataDir, logger, role);
  // PGlite serves one connection reliably: more fail under load with "portal does not exist".
  const sql = postgres(embedded.url, { ...CLIENT_OPTIONS, max: 1 }) as unknown as Sql;
  fetchTypesOnce(sql);
  return {
    sql,
    embedded: true,
    ping: (timeoutMs) => ping(sql, logger, timeoutMs),
    close: async () => {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}

/**
 * postgres.js fetches the database's array types on every new connection, and when a connection is
 * lost during that fetch its promise rejects with nobody to handle it: an unhandled rejection, seen
 * when the database went away under load. The types are the same for the life of the database: once
 * a query has succeeded (its connection fetched them, into the options every connection shares),
 * later connections skip the fetch. A first query that fails leaves it on; the next good ping ends it.
 */
function fetchTypesOnce(sql: Sql): void {
  sql`SELECT 1`.then(
    () => typesFetched(sql),
    () => undefined,
  );
}

function typesFetched(sql: Sql): void {
  sql.options.fetch_types = false;
}

/** True when the database answers `SELECT 1` within `timeoutMs`; why it did not is logged (readiness only says 503). */
async function ping(sql: Sql, logger: Logger, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const answered = await Promise.race([sql`SELECT 1`.then(() => true), timeout]);
    if (!answered) logger.warn({ timeoutMs }, 'database ping: no answer in time');
    else typesFetched(sql);
    return answered;
  } catch (err) {
    logger.warn({ err: String(err) }, 'database ping failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
