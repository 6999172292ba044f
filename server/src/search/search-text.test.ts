// The shared search text helpers: query words, accent folding, highlight ranges and excerpts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt, foldText, highlightRanges, LIMITS, queryWords } from '../../../protocol/index.ts';

const marked = (text: string, ranges: Array<[number, number]>) => ranges.map(([a, b]) => text.slice(a, b));

describe('search text', () => {
  it('should fold accents, case and ligatures as unaccent does', () => {
    assert.equal(foldText('Vélo ÉLECTRIQUE Œuvre Straße'), 'velo electrique oeuvre strasse');
  });

  it('should keep only letters and digits as query words, distinct and bounded', () => {
    assert.deepEqual(queryWords("vélo:* & !(bike) | 'x' <-> 42"), ['vélo', 'bike', 'x', '42']);
    assert.deepEqual(queryWords('a a a'), ['a']);
    assert.equal(queryWords('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10').length, LIMITS.searchMaxWords);
    assert.equal([...queryWords('x'.repeat(500))[0]!].length, 64);
  });

  it('should highlight whole words starting with a prefix, accents ignored, as UTF-16 offsets', () => {
    const text = '😀 Le Vélo et les vélos, velours; évêque';
    const ranges = highlightRanges(text, ['vel']);
    assert.deepEqual(marked(text, ranges), ['Vélo', 'vélos', 'velours']);
    assert.deepEqual(ranges[0], [6, 10], 'the emoji counts as two units');
    assert.deepEqual(highlightRanges(text, []), []);
  });

  it('should cut a long text around its first highlight without splitting a surrogate pair', () => {
    const text = `${'😀'.repeat(150)} the bike ${'word '.repeat(100)}`;
    const ranges = highlightRanges(text, ['bike']);
    const shown = excerpt(text, ranges, 100);
    assert.ok(shown.text.length <= 102);
    assert.ok(shown.text.startsWith('…') && shown.text.endsWith('…'));
    assert.deepEqual(marked(shown.text, shown.highlights), ['bike']);
    assert.doesNotMatch(
      shown.text,
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      'no lone surrogate',
    );
    const short = excerpt('a bike', [[2, 6]]);
    assert.deepEqual(short, { text: 'a bike', highlights: [[2, 6]] });
  });
});
