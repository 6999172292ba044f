// The sync change cursor: a snapshot, plus where a cut page stopped inside one transaction's changes.
import { cutAt, formatSnapshot, MAX_CURSOR_CHARS, parseSnapshot, type Snapshot } from './deletion-cursor.ts';

/**
 * What a client has heard of: every member row change the snapshot shows as committed, and, when a
 * page was cut inside one transaction's changes, that transaction's rows up to `tie.conversationId`.
 */
export interface ChangeCursor {
  snapshot: Snapshot;
  tie: { xid: bigint; conversationId: string } | null;
}

/** Longest change cursor accepted: a snapshot, a transaction id and a conversation id. */
export const MAX_CHANGE_CURSOR_CHARS = MAX_CURSOR_CHARS + 200;

/** Parses `snapshot` or `snapshot/xid/conversationId`; null when it is not one this server hands out. */
export function parseChangeCursor(text: string): ChangeCursor | null {
  if (text.length > MAX_CHANGE_CURSOR_CHARS) return null;
  const first = text.indexOf('/');
  if (first < 0) {
    const snapshot = parseSnapshot(text);
    return snapshot && { snapshot, tie: null };
  }
  const second = text.indexOf('/', first + 1);
  const snapshot = parseSnapshot(text.slice(0, first));
  const xid = text.slice(first + 1, second);
  const conversationId = text.slice(second + 1);
  if (!snapshot || second < 0 || !/^\d{1,20}$/.test(xid) || conversationId.length === 0) return null;
  return { snapshot, tie: { xid: BigInt(xid), conversationId } };
}

/** The text form {@link parseChangeCursor} reads. */
export function formatChangeCursor({ snapshot, tie }: ChangeCursor): string {
  const text = formatSnapshot(snapshot);
  return tie ? `${text}/${tie.xid}/${tie.conversationId}` : text;
}

/**
 * The cursor after a page cut at the change (`xid`, `conversationId`), the last one sent: the
 * snapshot read (`current`) cut below `xid`, and that transaction's rows up to `conversationId`.
 * Every change it shows was in the page or before it, since the page sent changes in (xid, id) order.
 */
export function cursorAfter(current: Snapshot, xid: bigint, conversationId: string): ChangeCursor {
  return { snapshot: cutAt(current, xid), tie: { xid, conversationId } };
}
