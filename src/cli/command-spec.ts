import type { FlagSpec } from './args/flag-spec.js';
import type { ParsedArgs } from './args/parsed-args.js';
import type { CliContext } from './cli-context.js';

/** How many positional arguments a command takes (docker's cli/required.go rules). */
export type ArgsRule = { exact: number } | { min?: number; max?: number };

/**
 * One `berth` command: its flags and usage (for parsing and `--help`) and what it
 * does. `run` returns the process exit code (0 when omitted).
 */
export interface CommandSpec {
  /** After the command path in the usage line, e.g. `[OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  usage: string;
  description: string;
  flags: FlagSpec[];
  /** false: flags end at the first positional (`run IMAGE CMD -l` passes `-l` on). */
  interspersed?: boolean;
  args?: ArgsRule;
  run(ctx: CliContext, args: ParsedArgs): Promise<number | void>;
}
