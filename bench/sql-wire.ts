// Counts the statements and round trips a benchmarked server sends PostgreSQL, read off the wire in its own process.
import { Socket } from 'node:net';

/** Running totals: statements executed, round trips (each Sync or Flush the client then waits on), statements by kind. */
export interface WireCounts {
  statements: number;
  roundTrips: number;
  byKind: Record<string, number>;
}

/** `with input`, `select from members`, `update jobs j`: the first words (a select: its first table) say which statement it is. */
function kindOf(query: string): string {
  const text = query.trimStart().slice(0, 400).toLowerCase();
  const words = text.split(/[\s(,]+/, 3);
  if (words[0] === 'select') return `select from ${/\bfrom\s+(\w+)/.exec(text)?.[1] ?? words[1]}`;
  return (words[0] === 'with' ? words.slice(0, 2) : words).join(' ').slice(0, 48);
}

const cstring = (buf: Buffer, at: number) => {
  const end = buf.indexOf(0, at);
  return { text: buf.toString('utf8', at, end), next: end + 1 };
};

/**
 * Wraps net.Socket#write to read the frontend messages sent to `port` (postgres.js writes whole
 * messages): Parse names a statement's text, Bind picks a statement, Execute or a simple Query runs
 * one, Sync and Flush end an exchange the client waits on. No server code is involved: the numbers
 * cost the server only this parsing, and only in a benchmark.
 */
export function countPostgresTraffic(port: number): WireCounts {
  const counts: WireCounts = { statements: 0, roundTrips: 0, byKind: {} };
  const state = new WeakMap<Socket, { named: Map<string, string>; bound: string; started: boolean } | null>();
  const count = (kind: string) => {
    counts.statements++;
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
  };
  const write = Socket.prototype.write;
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    let s = state.get(this);
    if (s === undefined) {
      s = this.remotePort === port ? { named: new Map(), bound: '', started: false } : null;
      if (this.remotePort !== undefined) state.set(this, s);
    }
    if (s && Buffer.isBuffer(chunk)) {
      // The first message (startup) has no type byte.
      for (let at = s.started ? 0 : chunk.readUInt32BE(0); at + 5 <= chunk.length;) {
        const type = String.fromCharCode(chunk[at]!);
        const end = at + 1 + chunk.readUInt32BE(at + 1);
        if (type === 'P') {
          const name = cstring(chunk, at + 5);
          s.named.set(name.text, kindOf(cstring(chunk, name.next).text));
        } else if (type === 'B') {
          s.bound = s.named.get(cstring(chunk, cstring(chunk, at + 5).next).text) ?? '?';
        } else if (type === 'E') count(s.bound);
        else if (type === 'Q') (count(kindOf(cstring(chunk, at + 5).text)), counts.roundTrips++);
        else if (type === 'S' || type === 'H') counts.roundTrips++;
        at = end;
      }
      s.started = true;
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof Socket.prototype.write;
  return counts;
}
