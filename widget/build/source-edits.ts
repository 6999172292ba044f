// Text edits on a module's source with a source map back to it, for the build plugins that rewrite code.

/** A text edit: replace `code.slice(start, end)` with `text`. */
export type Edit = { start: number; end: number; text: string };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One number of a source map's `mappings`, as base64 VLQ. */
function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    out += BASE64[digit];
  } while (v);
  return out;
}

/**
 * Applies sorted, non-overlapping edits and builds the source map back to the input: one segment per
 * kept character, so that every identifier after the edits still maps to where it was.
 */
export function applyEdits(
  code: string,
  edits: Edit[],
  id: string,
): { code: string; map: { version: 3; sources: string[]; names: string[]; mappings: string } } {
  let out = '';
  let mappings = '';
  let line = 0;
  let column = 0;
  let outColumn = 0;
  let prev = { outColumn: 0, line: 0, column: 0 };
  const segment = () => {
    mappings += `${outColumn === 0 && prev.outColumn === 0 && mappings.endsWith(';') ? '' : mappings && !mappings.endsWith(';') ? ',' : ''}${vlq(outColumn - prev.outColumn)}A${vlq(line - prev.line)}${vlq(column - prev.column)}`;
    prev = { outColumn, line, column };
  };
  const emit = (ch: string) => {
    out += ch;
    if (ch === '\n') {
      mappings += ';';
      outColumn = 0;
      prev.outColumn = 0;
    } else outColumn++;
  };
  const advance = (ch: string) => {
    if (ch === '\n') {
      line++;
      column = 0;
    } else column++;
  };
  let e = 0;
  for (let i = 0; i < code.length;) {
    const edit = edits[e];
    if (edit && edit.start === i) {
      if (edit.text) segment();
      for (const ch of edit.text) emit(ch);
      for (; i < edit.end; i++) advance(code[i]!);
      e++;
      continue;
    }
    const ch = code[i]!;
    if (ch !== '\n') segment();
    emit(ch);
    advance(ch);
    i++;
  }
  return { code: out, map: { version: 3, sources: [id], names: [], mappings } };
}
