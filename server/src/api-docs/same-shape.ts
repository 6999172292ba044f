// A compile-time check that a documentation schema and the type it documents have not drifted apart.

/**
 * True when each of A and B is assignable to the other and both name the same keys (an optional field
 * on one side only would pass assignability alone); a tuple naming the two types otherwise.
 */
export type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : ['not the same keys', A, B]
      : ['not the same keys', A, B]
    : ['not the same shape', A, B]
  : ['not the same shape', A, B];

/** Compiles only when every check in `Checks` is `true`; the error names the two types of a failing one. */
export type AllSame<Checks extends true[]> = Checks;
