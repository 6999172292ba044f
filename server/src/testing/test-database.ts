// Creates a fresh PostgreSQL database for a test run (and drops it afterwards).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrate } from '../db/migrate.ts';
import { openDatabase, type Database } from '../db/sql.ts';
import { createLogger } from '../logger.ts';

/** The server tests run against: a real PostgreSQL (TEST_DATABASE_URL, else the local one). */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated, empty database that exists for one test file. */
export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Pool size of the returned client. */
  max?: number;
  /** The server to create it on (TEST_DATABASE_URL or the local one by default). */
  adminUrl?: string;
  /** Its name is `<namePrefix>_<random>`. */
  namePrefix?: string;
}

/** Creates `parley_test_<random>` (or `<namePrefix>_<random>`), migrates it and connects to it. */
export async function createTestDatabase({
  max = 10,
  adminUrl = ADMIN_DATABASE_URL,
  namePrefix = 'parley_test',
}: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `${namePrefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = await openDatabase({ databaseUrl: url, dataDir: '', logger: createLogger('silent'), max });
  await migrate(db.sql);
  return {
    ...db,
    url,
    name,
    async drop() {
      await db.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
