// The sync deletion cursor: a PostgreSQL snapshot, "xmin:xmax:xip,…", taken before a sync reads.

/** A parsed `pg_snapshot`: transactions below xmin, or below xmax and not in xip, had committed (or aborted). */
export interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  /** In progress when the snapshot was taken, ascending. */
  xip: bigint[];
}

/** Longest cursor accepted: a snapshot lists one id per transaction then running (~21 characters each). */
export const MAX_CURSOR_CHARS = 8192;

/** Parses a snapshot's text form; null when it is not one PostgreSQL would accept. */
export function parseSnapshot(text: string): Snapshot | null {
  if (text.length > MAX_CURSOR_CHARS) return null;
  const match = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/.exec(text);
  if (!match) return null;
  const xmin = BigInt(match[1]!);
  const xmax = BigInt(match[2]!);
  const xip = match[3] ? match[3].split(',').map(BigInt) : [];
  if (xmin < 1n || xmin > xmax || xmax >= 2n ** 64n) return null;
  if (xip.some((x, i) => x < xmin || x >= xmax || (i > 0 && x <= xip[i - 1]!))) return null;
  return { xmin, xmax, xip };
}

/** The text form PostgreSQL reads back (`::pg_snapshot`). */
export function formatSnapshot(s: Snapshot): string {
  return `${s.xmin}:${s.xmax}:${s.xip.join(',')}`;
}

/**
 * The snapshot cut at transaction `xid`: it shows only what `s` shows below `xid`, so a sync that
 * sent every deletion below `xid` that `s` did not know of may hand it out as the next cursor.
 */
export function cutAt(s: Snapshot, xid: bigint): Snapshot {
  const xmax = xid < s.xmax ? xid : s.xmax;
  const xmin = s.xmin < xmax ? s.xmin : xmax;
  return { xmin, xmax, xip: s.xip.filter((x) => x >= xmin && x < xmax) };
}
