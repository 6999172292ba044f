// The coalescing key of a recipient's digest job, written the same way by SQL (at send) and by the job (follow-ups).
import type { Sql, SqlFragment } from '../db/sql.ts';

/** The kind of the digest jobs. */
export const DIGEST_JOB_KIND = 'digest';

/** A digest that could not be sent for a day is dropped (marked failed): its news is stale. */
export const DIGEST_MAX_AGE_SECONDS = 86_400;

/** `digest:<length of site id>:<site id>:<user id>`: unambiguous whatever the ids contain. */
export function digestKey(siteId: string, userId: string): string {
  return `digest:${[...siteId].length}:${siteId}:${userId}`;
}

/** {@link digestKey} in SQL, from a site id and a user id column. */
export function digestKeySql(sql: Sql, siteId: SqlFragment, userId: SqlFragment): SqlFragment {
  return sql`'digest:' || char_length(${siteId}) || ':' || ${siteId} || ':' || ${userId}`;
}
