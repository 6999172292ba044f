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

/** Creates `parley_test_<random>`, migrates it and connects to it. */
export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(ADMIN_DATABASE_URL, name);
  const db = await openDatabase({ databaseUrl: url, dataDir: '', logger: createLogger('silent'), max: options.max ?? 10 });
  await migrate(db.sql);
  return {
    ...db,
    url,
    name,
    async drop() {
      await db.close();
      const a = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
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
