// Opens the database: a real PostgreSQL from DATABASE_URL, or the embedded PGlite behind a local socket.
import postgres from 'postgres';
import type { Logger } from '../logger.ts';

/** The postgres.js client type used across the server. */
export type Sql = postgres.Sql<Record<string, never>>;

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
}

const CLIENT_OPTIONS: postgres.Options<Record<string, postgres.PostgresType>> = {
  // Fail fast while the database is down so requests answer `unavailable` instead of hanging.
  connect_timeout: 5,
  idle_timeout: 60,
  onnotice: () => {},
  // Dates stay ISO strings end to end; bigint counts come back as numbers.
  types: {
    bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
  },
};

/** Opens the configured database. */
export async function openDatabase({ databaseUrl, dataDir, logger, max = 10 }: OpenDatabaseOptions): Promise<Database> {
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { ...CLIENT_OPTIONS, max }) as unknown as Sql;
    return { sql, embedded: false, ping: (t) => ping(sql, t), close: () => sql.end({ timeout: 5 }) };
  }
  const { startEmbedded } = await import('./embedded.ts');
  const embedded = await startEmbedded(dataDir, logger);
  // PGlite serves one connection reliably: more fail under load with "portal does not exist".
  const sql = postgres(embedded.url, { ...CLIENT_OPTIONS, max: 1 }) as unknown as Sql;
  return {
    sql,
    embedded: true,
    ping: (t) => ping(sql, t),
    close: async () => {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}

async function ping(sql: Sql, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sql`SELECT 1`.then(() => true), timeout]);
  } catch {
    return false; // a failed ping is the answer itself: the database is not ready
  } finally {
    clearTimeout(timer);
  }
}
