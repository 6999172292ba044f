// Text with highlighted ranges, built by Lit as text nodes and <mark> elements: never parsed as HTML.
import { html, type TemplateResult } from 'lit';

/**
 * `text` with each `[start, end)` range wrapped in `<mark>`. Ranges come from the server: out of
 * bounds, overlapping or malformed ones are clipped or skipped, never trusted.
 */
export function markedText(text: string, ranges: ReadonlyArray<readonly [number, number]>): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  let at = 0;
  const sorted = ranges.filter((r) => Number.isInteger(r[0]) && Number.isInteger(r[1])).sort((a, b) => a[0] - b[0]);
  for (const [from, to] of sorted) {
    const start = Math.max(at, from);
    const end = Math.min(to, text.length);
    if (end <= start) continue;
    parts.push(text.slice(at, start), html`<mark>${text.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}
