// Reads environment variables by kind, noting every wrong one, so a start fails once with the whole list.

/** The configuration is wrong: `problems` holds one line per variable, naming it and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Typed readers over one environment. A wrong value is noted (with the value, unless it is a secret)
 * and the reader's fallback is returned, so reading goes on; {@link EnvReader.done} then throws.
 */
export class EnvReader {
  readonly #env: NodeJS.ProcessEnv;
  readonly #problems: string[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.#env = env;
  }

  /** The value, or undefined when unset or empty. */
  raw(name: string): string | undefined {
    const value = this.#env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** True when the variable has a value (right or wrong). */
  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** Notes a problem with `name`: "`name` <what>". */
  problem(name: string, what: string): void {
    this.#problems.push(`${name} ${what}`);
  }

  /** A whole number in [min, max]; `fallback` when unset. */
  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, kind?: string): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\s*$/.test(raw) || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      this.problem(name, `must be ${kind ?? `a whole number ${range}`}, got "${clip(raw)}"`);
      return fallback;
    }
    return value;
  }

  /** `1` (on) or `0` (off); unset is off. */
  flag(name: string): boolean {
    const raw = this.raw(name);
    if (raw === undefined || raw === '0') return false;
    if (raw === '1') return true;
    this.problem(name, `must be 1 (on) or 0 (off), got "${clip(raw)}"`);
    return false;
  }

  /** One of `choices`; `fallback` when unset. */
  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problem(name, `must be one of ${choices.join(', ')}, got "${clip(raw)}"`);
    return fallback;
  }

  /** A comma-separated list, each item one of `choices`. */
  list<T extends string>(name: string, choices: readonly T[], fallback: T): T[] {
    const items = (this.raw(name) ?? fallback)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const wrong = items.filter((item) => !(choices as readonly string[]).includes(item));
    if (wrong.length || items.length === 0) {
      this.problem(name, `must list some of ${choices.join(', ')}, got "${clip(this.raw(name) ?? '')}"`);
      return [fallback];
    }
    return items as T[];
  }

  /** A URL with one of `protocols` (`postgres:`…); null when unset. Its value is not repeated: it may hold a password. */
  url(name: string, protocols: readonly string[]): string | null {
    const raw = this.raw(name);
    if (raw === undefined) return null;
    let protocol: string | null = null;
    try {
      protocol = new URL(raw).protocol;
    } catch {
      this.problem(name, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}, and it does not parse`);
      return null;
    }
    if (!protocols.includes(protocol)) {
      this.problem(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got ${protocol}//…`);
      return null;
    }
    return raw;
  }

  /** A secret of at least `minChars` characters; null when unset. Its value is never repeated. */
  secret(name: string, minChars: number): string | null {
    const raw = this.raw(name);
    if (raw === undefined) return null;
    if (raw.length < minChars || /\s/.test(raw)) {
      this.problem(name, `must be at least ${minChars} characters without spaces (got ${raw.length})`);
      return null;
    }
    return raw;
  }

  /** Throws a {@link ConfigError} listing every problem noted, if any. */
  done(): void {
    if (this.#problems.length) throw new ConfigError(this.#problems);
  }
}

/** A value shown back in a message, cut short: it came from outside. */
function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
