// `npm run migrate`: applies pending migrations to the configured database and exits.
import { openCliDatabase } from './cli-database.ts';
import { migrate } from './migrate.ts';

const db = await openCliDatabase('migrate command');
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
