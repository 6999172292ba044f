// Build plugin: minifies the widget's css`` templates and strips the indentation of its html`` / svg`` ones.
import type { Plugin } from 'vite';
import { applyEdits, type Edit } from './source-edits.ts';

/** CSS without comments and without the whitespace the browser ignores (not trimmed: a `${}` may touch either end). */
function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

/**
 * Markup without its indentation: whitespace with a line break in it goes when it stands between
 * two tags (or a tag and a `${}`), and becomes one space anywhere else (between words, attributes).
 */
function minifyMarkup(markup: string): string {
  return markup.replace(/\s*\n\s*/g, (ws, at: number) => {
    const before = at === 0 ? '>' : markup[at - 1];
    const after = at + ws.length === markup.length ? '<' : markup[at + ws.length];
    // Between tags, or before a tag's closing `>`, it goes; between words or attributes it is one space.
    return (before === '>' && after === '<') || after === '>' ? '' : ' ';
  });
}

/**
 * The widget's `css` templates minified and its `html` / `svg` templates stripped of indentation at
 * build time (Lit keeps template strings as written). Only the literal parts change; a `${}` stays.
 */
export function minifyTemplates(): Plugin {
  const minifiers: Record<string, (text: string) => string> = { css: minifyCss, html: minifyMarkup, svg: minifyMarkup };
  return {
    name: 'parley:minify-templates',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const edits: Edit[] = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        const n = node as {
          type?: string;
          tag?: { type: string; name: string };
          quasi?: { quasis: { start: number; end: number }[] };
        };
        const minify = n.type === 'TaggedTemplateExpression' && n.tag?.type === 'Identifier' ? minifiers[n.tag.name] : undefined;
        if (minify && n.quasi) {
          for (const q of n.quasi.quasis) {
            const raw = code.slice(q.start, q.end);
            const text = minify(raw);
            if (text !== raw) edits.push({ start: q.start, end: q.end, text });
          }
        }
        for (const value of Object.values(node)) visit(value);
      };
      visit(this.parse(code));
      if (edits.length === 0) return null;
      edits.sort((a, b) => a.start - b.start);
      return applyEdits(code, edits, id);
    },
  };
}
