import type { FlagSpec } from './flag-spec.js';
import { parseGoBool } from './go-strconv.js';
import { ParsedArgs } from './parsed-args.js';
import { UsageError } from './usage-error.js';

export interface ParseOptions {
  /** false: the first positional ends the flags, as for `run IMAGE CMD -l` (pflag SetInterspersed(false)). */
  interspersed?: boolean;
}

/**
 * Parses argv with docker's (pflag's) conventions: `--flag=value`, `--flag value`,
 * combined shorts (`-it`, `-p8080:80`, `-e=A=1`), repeatable flags, `--` to end
 * flags, a lone `-` as a positional. `--help` is always understood; `-h` too when
 * the command doesn't use it (docker deprecates that spelling). Errors are
 * UsageError with docker's wording.
 */
export function parseArgs(argv: readonly string[], flags: readonly FlagSpec[], opts: ParseOptions = {}): ParsedArgs {
  const byLong = new Map(flags.map((f) => [f.long, f]));
  const byShort = new Map(flags.filter((f) => f.short).map((f) => [f.short!, f]));
  const values = new Map<string, unknown[]>();
  const positionals: string[] = [];
  let help = false;

  const set = (flag: FlagSpec, raw: string | undefined) => {
    let value: unknown;
    if (flag.kind === 'bool') {
      value = raw === undefined ? true : convert(flag, raw, parseGoBool);
    } else {
      value = flag.parse ? convert(flag, raw!, flag.parse) : raw;
    }
    const list = values.get(flag.long);
    if (list) list.push(value);
    else values.set(flag.long, [value]);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (opts.interspersed === false) {
        positionals.push(...argv.slice(i));
        break;
      }
      positionals.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const flag = byLong.get(name);
      if (!flag) {
        if (name === 'help') {
          help = inline === undefined || parseGoBool(inline);
          continue;
        }
        throw new UsageError(`unknown flag: --${name}`);
      }
      if (flag.kind === 'bool' || inline !== undefined) {
        set(flag, inline);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        set(flag, argv[++i]);
      }
      continue;
    }
    // One or more shorthands: -a, -it, -p8080:80, -e=A=1
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const flag = byShort.get(c);
      if (!flag) {
        if (c === 'h') {
          help = true;
          continue;
        }
        throw new UsageError(`unknown shorthand flag: '${c}' in -${arg.slice(j)}`);
      }
      const rest = arg.slice(j + 1);
      if (flag.kind === 'bool') {
        if (rest.startsWith('=')) {
          set(flag, rest.slice(1));
          break;
        }
        set(flag, undefined);
        continue;
      }
      if (rest !== '') {
        set(flag, rest.startsWith('=') ? rest.slice(1) : rest);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${arg.slice(j)}`);
        set(flag, argv[++i]);
      }
      break;
    }
  }
  return new ParsedArgs(values, positionals, help);
}

function convert(flag: FlagSpec, raw: string, parse: (value: string) => unknown): unknown {
  try {
    return parse(raw);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UsageError(`invalid argument ${JSON.stringify(raw)} for ${JSON.stringify(flagDisplayName(flag))} flag: ${reason}`);
  }
}

/** `-a, --all` or `--cpus`, as docker names a flag in messages. */
function flagDisplayName(flag: FlagSpec): string {
  return flag.short ? `-${flag.short}, --${flag.long}` : `--${flag.long}`;
}
