// The latency histogram every benchmark process uses, so that they can be merged.
import * as hdr from 'hdr-histogram-js';

/** Microseconds from 1 µs to 60 s, 3 significant digits. */
export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}
