// Measures a payload's JSON size and nesting without recursion, so hostile input is refused before anything recursive sees it.
import { LIMITS } from '../../protocol/index.ts';
import { ParleyError } from './errors.ts';

/** The bounds a payload is measured against. */
export interface ShapeLimits {
  /** Bytes of the payload as UTF-8 JSON text. */
  maxBytes: number;
  /** Nesting of objects and arrays: `{}` is 1, `{"a":[]}` is 2, a string or a number 0. */
  maxDepth: number;
}

/**
 * The first reason a payload cannot be taken, or null: too deep, too large, or holding a NUL
 * character (PostgreSQL text cannot store one, so it would fail later as an internal error).
 */
export type ShapeProblem = 'too_deep' | 'too_large' | 'nul_character' | null;

/** The contract's limits for one REST body or one socket payload. */
export const PAYLOAD_LIMITS: ShapeLimits = { maxBytes: LIMITS.maxPayloadBytes, maxDepth: LIMITS.maxPayloadDepth };

const NUL = '\u0000';
/** Characters JSON.stringify escapes (controls, quote, backslash) and surrogates (escaped when lone). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A container waiting to be measured, with its depth (the outermost one is 1). */
interface Pending {
  value: object;
  depth: number;
}

/**
 * Measures `value` as `JSON.stringify` would write it (for values decoded from JSON, plus binary
 * attachments counted by their byte length) with an explicit stack: any depth costs no call stack,
 * and the walk stops at the first limit passed, so its work is bounded by `limits.maxBytes`.
 */
export function measureValue(value: unknown, limits: ShapeLimits): ShapeProblem {
  let bytes = 0;
  const pending: Pending[] = [];
  // Counts a leaf; returns a problem or null. Containers are queued instead.
  const leaf = (v: unknown, depth: number): ShapeProblem => {
    if (typeof v === 'string') {
      // Each UTF-16 unit is at least one byte, plus the quotes: a string this long is too large unread.
      if (v.length + 2 > limits.maxBytes - bytes) return 'too_large';
      if (v.includes(NUL)) return 'nul_character';
      // Most strings need no escaping: their JSON is their UTF-8 plus two quotes, counted without a copy.
      bytes += NEEDS_ESCAPE.test(v) ? Buffer.byteLength(JSON.stringify(v)) : Buffer.byteLength(v) + 2;
    } else if (typeof v === 'number') {
      bytes += Number.isFinite(v) ? String(v).length : 4;
    } else if (typeof v === 'boolean') {
      bytes += v ? 4 : 5;
    } else if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      bytes += 4; // null (and what JSON.stringify writes as null inside an array)
    } else if (typeof v === 'bigint') {
      bytes += String(v).length;
    } else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      bytes += v.byteLength;
    } else {
      if (depth + 1 > limits.maxDepth) return 'too_deep';
      pending.push({ value: v as object, depth: depth + 1 });
    }
    return bytes > limits.maxBytes ? 'too_large' : null;
  };

  let problem = leaf(value, 0);
  while (problem === null && pending.length > 0) {
    const { value: container, depth } = pending.pop()!;
    if (Array.isArray(container)) {
      bytes += 2 + Math.max(0, container.length - 1); // brackets and commas
      if (bytes > limits.maxBytes) return 'too_large';
      for (let i = 0; i < container.length && problem === null; i++) problem = leaf(container[i], depth);
    } else {
      bytes += 2; // braces
      let entries = 0;
      for (const key of Object.keys(container)) {
        const v = (container as Record<string, unknown>)[key];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // JSON leaves these out
        if (entries++ > 0) bytes += 1; // comma
        problem = leaf(key, depth) ?? leaf(v, depth);
        if (problem !== null) break;
        bytes += 1; // colon
      }
    }
    if (problem === null && bytes > limits.maxBytes) problem = 'too_large';
  }
  return problem;
}

/**
 * Measures JSON text before it is parsed: its UTF-8 size, its deepest nesting and whether a string
 * in it holds a NUL (`\u0000`). One pass over the characters, no recursion, no allocation.
 * Malformed text is not judged here: JSON.parse refuses it afterwards.
 */
export function measureJsonText(text: string, limits: ShapeLimits): ShapeProblem {
  if (text.length > limits.maxBytes || Buffer.byteLength(text) > limits.maxBytes) return 'too_large';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text.startsWith('u0000', i + 1)) return 'nul_character';
        i++; // the escaped character cannot end the string
      } else if (c === 0x22 /* " */) {
        inString = false;
      } else if (c === 0) {
        return 'nul_character';
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limits.maxDepth) return 'too_deep';
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return null;
}

/** The error a caller gets for `problem`, or null when there is none. */
export function shapeError(problem: ShapeProblem, limits: ShapeLimits = PAYLOAD_LIMITS): ParleyError | null {
  switch (problem) {
    case null:
      return null;
    case 'too_deep':
      return new ParleyError('invalid', `The payload is nested deeper than ${limits.maxDepth} levels.`);
    case 'too_large':
      return new ParleyError('payload_too_large', `The payload is larger than ${limits.maxBytes} bytes.`);
    case 'nul_character':
      return new ParleyError('invalid', 'Text must not contain NUL characters.');
  }
}
