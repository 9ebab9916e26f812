/**
 * One command-line flag, declared the way docker's CLI (cobra/pflag) declares it.
 * `bool` flags take no separate value (`--rm`, `--rm=false`); `value` flags take
 * one and the last occurrence wins; `list` flags are repeatable and keep order.
 */
export interface FlagSpec {
  long: string;
  short?: string;
  kind: 'bool' | 'value' | 'list';
  /** The value's type as help shows it: string, int, bytes, list, duration, decimal, filter, map... */
  type?: string;
  description: string;
  /** Shown in help as `(default ...)`; not applied (commands supply their own defaults). */
  defaultText?: string;
  /**
   * Validates and converts one value. Throw an Error whose message completes
   * `invalid argument "<value>" for "<flag>" flag: `.
   */
  parse?: (value: string) => unknown;
  hidden?: boolean;
}
