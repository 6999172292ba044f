// Rules for text users write: what PostgreSQL can store, bidi controls neutralised, names that show something.

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when PostgreSQL's `text` can hold `value`: no U+0000 (PostgreSQL refuses it) and no unpaired
 * UTF-16 surrogate (it has no UTF-8 form: drivers silently turn it into U+FFFD, so what is stored
 * would differ from what was sent). Every string from a caller is checked with this before any work.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}

/** What {@link isStorableText} refuses, in plain words, for error messages. */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain U+0000 (NUL) or unpaired surrogates';

/**
 * The bidi embedding, override and isolate controls: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and
 * LRI, RLI, FSI, PDI (U+2066–U+2069). They reorder the text that follows them, so that
 * `invoice‮fdp.exe` shows as `invoiceexe.pdf`. LRM, RLM and ALM are kept: they only set the
 * direction of neutral characters, and right-to-left text legitimately uses them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Removes bidi embedding, override and isolate controls from text a user wrote (message bodies,
 * display names, listing snapshots). The server's rule: nothing a user writes can reorder the text
 * around or inside it; the widget also shows each such text isolated (`dir="auto"` / `<bdi>`).
 */
export function stripBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS, '');
}

/**
 * Characters that draw nothing: white space, controls, format characters (zero-width space, ZWJ,
 * ZWNJ, LRM, RLM, tags…), default-ignorable code points (the Hangul fillers U+115F, U+1160, U+3164,
 * U+FFA0, variation selectors…), combining marks with no base, and the blank braille pattern U+2800.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** True when `value` would show nothing at all on screen. */
export function isInvisible(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/**
 * A display name as Parley stores and shows it, or null for "no name" (the widget then shows its own
 * localised fallback, "someone"). Bidi embedding/override/isolate controls are removed, control
 * characters (newlines, tabs…) become spaces, runs of white space become one space, and the ends are
 * trimmed. A name that shows nothing (only zero-width or blank characters, such as U+200B or U+3164)
 * is no name: a blank name could pass for the widget's own text or for nobody. The caller refuses
 * unstorable text ({@link isStorableText}) before calling this.
 */
export function cleanDisplayName(name: string): string | null {
  const cleaned = stripBidiControls(name)
    .replace(/[\p{Cc}\p{White_Space}]+/gu, ' ')
    .trim();
  return isInvisible(cleaned) ? null : cleaned;
}
