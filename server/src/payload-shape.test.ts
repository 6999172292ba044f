// The iterative size/depth/NUL measurement agrees with JSON.stringify and never recurses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { measureJsonText, measureValue, shapeError, type ShapeLimits } from './payload-shape.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const AMPLE: ShapeLimits = { maxBytes: 1 << 30, maxDepth: 1 << 20 };

/** Reference depth, recursive: only ever called on the small values fast-check generates. */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const hasNul = (v: unknown) => JSON.stringify(v).includes('\\u0000');

/** JSON values with any code point in strings and keys (lone surrogates, NUL, RTL marks included). */
const anyJson = fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' });
const withoutNul = anyJson.filter((v) => !hasNul(v));

/** `[[[…]]]` nested `depth` levels, built without recursion. */
function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let inner = root;
  for (let i = 1; i < depth; i++) {
    const next: unknown[] = [];
    inner.push(next);
    inner = next;
  }
  return root;
}

describe('measureValue', () => {
  const run = { seed: SEED, numRuns: 300 };

  it('should accept a value at exactly its JSON byte length and depth, and refuse one byte or one level less', () => {
    fc.assert(
      fc.property(withoutNul, (v) => {
        const limits = { maxBytes: bytesOf(v), maxDepth: depthOf(v) };
        assert.equal(measureValue(v, limits), null);
        assert.equal(measureValue(v, { ...limits, maxBytes: limits.maxBytes - 1 }), 'too_large');
        if (limits.maxDepth > 0) assert.equal(measureValue(v, { ...limits, maxDepth: limits.maxDepth - 1 }), 'too_deep');
      }),
      run,
    );
  });

  it('should find a NUL anywhere, in a key or a value', () => {
    fc.assert(
      fc.property(withoutNul, fc.boolean(), (v, inKey) => {
        const poisoned = inKey ? [v, { 'a\u0000b': 1 }] : [v, { a: 'x\u0000' }];
        assert.equal(measureValue(poisoned, AMPLE), 'nul_character');
        assert.equal(measureValue(v, AMPLE), null);
      }),
      run,
    );
  });

  it('should refuse 100,000 levels without touching the call stack (JSON.stringify overflows near 5,000)', () => {
    const deep = deepArray(100_000);
    assert.throws(() => JSON.stringify(deep), RangeError);
    assert.equal(measureValue(deep, { maxBytes: 64 * 1024, maxDepth: 32 }), 'too_deep');
    assert.equal(measureValue(deep, { maxBytes: 1000, maxDepth: 1 << 21 }), 'too_large');
  });

  it('should stop at the byte limit after reading a bounded part of a wide array', () => {
    let reads = 0;
    const wide = new Proxy(new Array<number>(1_000_000).fill(0, 0, 10), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) ?? 0;
      },
    });
    assert.equal(measureValue({ a: [1, 2] }, { maxBytes: 1000, maxDepth: 4 }), null);
    assert.equal(measureValue(wide, { maxBytes: 1000, maxDepth: 4 }), 'too_large');
    assert.ok(reads <= 1000, `read ${reads} elements`);
  });

  it('should refuse a long string by its length, and leave out what JSON leaves out', () => {
    assert.equal(measureValue('x'.repeat(1_000_000), { maxBytes: 1000, maxDepth: 4 }), 'too_large');
    assert.equal(measureValue({ a: 1, b: undefined }, { maxBytes: bytesOf({ a: 1 }), maxDepth: 1 }), null);
    assert.equal(measureValue(Buffer.alloc(2000), { maxBytes: 1000, maxDepth: 4 }), 'too_large');
  });
});

describe('measureJsonText', () => {
  const run = { seed: SEED, numRuns: 300 };

  it('should agree with measureValue on the parsed text, whatever the limits', () => {
    fc.assert(
      fc.property(anyJson, fc.nat(400), fc.nat(8), (v, maxBytes, maxDepth) => {
        const limits = { maxBytes, maxDepth };
        const text = JSON.stringify(v);
        assert.equal(measureJsonText(text, limits) === null, measureValue(v, limits) === null, text);
      }),
      run,
    );
  });

  it('should count nesting outside strings only, and see a NUL escape but not an escaped backslash before u0000', () => {
    const limits = { maxBytes: 1000, maxDepth: 2 };
    assert.equal(measureJsonText('{"a":"[[[[{{{{\\"[[["}', limits), null);
    assert.equal(measureJsonText('[[[]]]', limits), 'too_deep');
    assert.equal(measureJsonText('{"a":"x\\u0000"}', limits), 'nul_character');
    assert.equal(measureJsonText('{"\\u0000":1}', limits), 'nul_character');
    assert.equal(measureJsonText('{"a":"\\\\u0000"}', limits), null);
    assert.equal(measureJsonText('"\u0000"', limits), 'nul_character');
    assert.equal(measureJsonText('"é".repeat'.repeat(100), { maxBytes: 1000, maxDepth: 2 }), 'too_large');
  });

  it('should refuse 5,000 levels in one pass', () => {
    assert.equal(measureJsonText('['.repeat(5000) + ']'.repeat(5000), { maxBytes: 64 * 1024, maxDepth: 32 }), 'too_deep');
  });
});

describe('shapeError', () => {
  it('should answer invalid for depth and NUL, payload_too_large for size, with the limit in the message', () => {
    const limits = { maxBytes: 100, maxDepth: 3 };
    assert.equal(shapeError(null, limits), null);
    assert.equal(shapeError('too_deep', limits)?.code, 'invalid');
    assert.match(shapeError('too_deep', limits)!.message, /deeper than 3 levels/);
    assert.equal(shapeError('too_large', limits)?.code, 'payload_too_large');
    assert.match(shapeError('too_large', limits)!.message, /larger than 100 bytes/);
    assert.equal(shapeError('nul_character', limits)?.code, 'invalid');
  });
});
