// Where the server publishes what it costs, for the benchmark's probe: silent unless someone subscribes.
import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** `{ size, waitMs, commitMs }` for each committed send batch: waitMs sums each send's wait for its batch. */
export const sendBatchChannel = channel('parley:send-batch');

/** `{ ms }` for each sent message's fan-out to its parties' sockets. */
export const fanOutChannel = channel('parley:fan-out');

/** A clock for the publishers above: performance.now() while someone listens, 0 otherwise (no work). */
export function timeFor(ch: { hasSubscribers: boolean }): number {
  return ch.hasSubscribers ? performance.now() : 0;
}
