// `npm run site -- create --name "…" --origin https://… [--origin …] [--id …]`: creates a site, prints id and secret.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/sql.ts';
import { createLogger } from '../logger.ts';
import { normalizeOrigin, SitesRepository } from './sites.repository.ts';

const USAGE = 'usage: npm run site -- create --name "My market" --origin https://market.example [--origin …] [--id my-market]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, id: { type: 'string' } },
});
if (positionals[0] !== 'create' || !values.name) {
  console.error(USAGE);
  process.exit(2);
}
let origins: string[];
try {
  origins = (values.origin ?? []).map(normalizeOrigin);
} catch (err) {
  console.error(String((err as Error).message));
  process.exit(2);
}
const id = values.id ?? `site_${randomBytes(6).toString('hex')}`;
if (!/^[\w-]{1,128}$/.test(id)) {
  console.error('--id: letters, digits, "_" and "-" only, at most 128');
  process.exit(2);
}

const config = readConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger('silent'), max: 1 });
try {
  await migrate(db.sql);
  const site = await new SitesRepository(db.sql).upsert({ id, name: values.name, allowedOrigins: origins });
  console.log(`site id:     ${site.id}`);
  console.log(`site secret: ${site.secret}`);
  console.log(`origins:     ${site.allowedOrigins.join(', ') || '(none: browsers will be refused)'}`);
  console.log('Sign tokens with HS256, header {"kid": "<site id>"}, claims iss=<site id>, aud="parley", sub, name, iat, exp.');
} finally {
  await db.close();
}
