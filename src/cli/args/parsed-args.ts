/**
 * The result of parsing one command's argv: flag values by long name (each
 * occurrence, parsed) and the positional arguments.
 */
export class ParsedArgs {
  constructor(
    private readonly values: ReadonlyMap<string, readonly unknown[]>,
    readonly positionals: readonly string[],
    /** `--help` was given: print usage instead of running. */
    readonly help = false,
  ) {}

  /** Whether the flag appeared at all (pflag's "Changed"). */
  has(long: string): boolean {
    return this.values.has(long);
  }

  bool(long: string, defaultValue = false): boolean {
    const v = this.values.get(long);
    return v === undefined ? defaultValue : (v[v.length - 1] as boolean);
  }

  /** The last value given (after the flag's `parse`), or undefined. */
  value<T = string>(long: string): T | undefined {
    const v = this.values.get(long);
    return v === undefined ? undefined : (v[v.length - 1] as T);
  }

  /** Every value given, in order (for repeatable flags). */
  list<T = string>(long: string): T[] {
    return [...(this.values.get(long) ?? [])] as T[];
  }
}
