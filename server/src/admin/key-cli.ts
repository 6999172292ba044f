// `npm run site -- key create|list|revoke --site <id> [--id <key id>]`: the server API's keys, from the command line.
import type { Sql } from '../db/sql.ts';
import { ApiKeysRepository } from './api-keys.repository.ts';

/** How the key commands are called. */
export const KEY_USAGE =
  'usage: npm run site -- key create --site <site id> | key list --site <site id> | key revoke --site <site id> --id <key id>';

/**
 * Runs one key command; returns the process exit code. `create` prints the key once (it is stored
 * hashed and cannot be shown again).
 */
export async function runKeyCommand(
  sql: Sql,
  action: string | undefined,
  siteId: string | undefined,
  keyId: string | undefined,
): Promise<number> {
  if (!siteId) {
    console.error(KEY_USAGE);
    return 2;
  }
  const [site] = await sql<{ id: string }[]>`SELECT id FROM sites WHERE id = ${siteId}`;
  if (!site) {
    console.error(`no site "${siteId}": create it first with npm run site -- create`);
    return 1;
  }
  const keys = new ApiKeysRepository(sql);
  if (action === 'create') {
    const { id, key } = await keys.create(siteId);
    console.log(`key id:  ${id}`);
    console.log(`api key: ${key}`);
    console.log(
      'Shown once: keep it in your backend\'s secrets. Send it as "Authorization: Bearer <api key>" to /api/v1/admin/…',
    );
    return 0;
  }
  if (action === 'list') {
    for (const k of await keys.list(siteId)) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
      console.log(`${k.id}  created ${k.createdAt}  ${state}`);
    }
    return 0;
  }
  if (action === 'revoke' && keyId) {
    if (!(await keys.revoke(siteId, keyId))) {
      console.error(`no key "${keyId}" on site "${siteId}"`);
      return 1;
    }
    console.log(`revoked ${keyId}`);
    return 0;
  }
  console.error(KEY_USAGE);
  return 2;
}
