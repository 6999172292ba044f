// The table of code cut out of socket.io-client's stack at build time; the entries, each with why it is safe, are in trims-*.ts.
import { ENGINE_IO_TRIMS } from './trims-engine-io.ts';
import { SOCKET_IO_TRIMS } from './trims-socket-io.ts';

/**
 * Parts of socket.io-client's stack that Parley never runs, cut out of modules it does use, keyed by
 * their path under node_modules. Methods and functions go or are replaced whole (found by name in
 * the module's syntax tree); `edits` replace an exact text that must occur once. Whatever is not
 * found fails the build, so a new library version cannot silently keep or half-apply a trim. Checked by the
 * end-to-end tests on the built bundle (the widget tests run the untouched libraries), and by
 * TRIMMED_SOCKET_API (trim-unused-code.ts) for the socket.io-client API that is gone.
 */
export interface Trim {
  /** Methods (`name`, or `Class.name` when several classes have one) and functions that go. */
  remove?: string[];
  /** Methods and functions replaced by a shorter version: the whole new text, by name as in `remove`. */
  replace?: Record<string, string>;
  /** Exact texts and their replacements; each text occurs once in the module. */
  edits?: [string, string][];
}

/** Every trim, keyed by the module's path under node_modules. */
export const TRIMS: Record<string, Trim> = { ...ENGINE_IO_TRIMS, ...SOCKET_IO_TRIMS };
