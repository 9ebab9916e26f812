import type { FlagSpec } from './args/flag-spec.js';
import { BERTH_VERSION } from './berth-version.js';
import { parseArgs } from './args/parse-args.js';
import { UsageError } from './args/usage-error.js';
import { CliContext } from './cli-context.js';
import { COMMANDS, type CommandEntry, findCommand, GROUPS } from './command-table.js';
import type { ArgsRule, CommandSpec } from './command-spec.js';

const GLOBAL_FLAGS: FlagSpec[] = [
  { long: 'config', kind: 'value', description: 'Location of client config files (accepted for docker compatibility; unused)', hidden: true },
  { long: 'context', short: 'c', kind: 'value', description: 'Name of the context to use (only "default")', hidden: true },
  { long: 'debug', short: 'D', kind: 'bool', description: 'Enable debug mode' },
  { long: 'host', short: 'H', kind: 'list', description: 'Daemon socket to connect to (unix:// only)' },
  { long: 'log-level', short: 'l', kind: 'value', description: 'Set the logging level ("debug", "info", "warn", "error", "fatal")', defaultText: '"info"' },
  { long: 'version', short: 'v', kind: 'bool', description: 'Print version information and quit' },
];

/** Runs one berth invocation and returns its exit code; never throws. */
export async function berth(argv: readonly string[]): Promise<number> {
  let ctx: CliContext | undefined;
  let debug = false;
  let usage = 'berth [OPTIONS] COMMAND';
  try {
    const global = parseArgs(argv, GLOBAL_FLAGS, { interspersed: false });
    debug = global.bool('debug') || process.env['BERTH_DEBUG'] === '1';
    if (global.bool('version')) {
      process.stdout.write(`berth version ${BERTH_VERSION}\n`);
      return 0;
    }
    const hosts = global.list('host');
    if (hosts.length > 1) throw new UsageError('Specify only one -H');
    const context = global.value('context');
    if (context !== undefined && context !== 'default') throw new UsageError(`context "${context}" does not exist`, { exitCode: 1 });
    let words = global.positionals;
    // `berth help run` is `berth run --help`, as with docker.
    if (words[0] === 'help') words = words.length > 1 ? [...words.slice(1), '--help'] : [];
    if (words.length === 0) {
      process.stdout.write(await mainHelp());
      return 0;
    }
    const found = findCommand(words);
    if (!found) return unknownCommand(words);
    const path = `berth ${words.slice(0, found.used).join(' ')}`;
    usage = path;
    const spec = await found.entry.load();
    usage = `${path} ${spec.usage}`.trimEnd();
    ctx = new CliContext(path, hosts[0]);
    const args = parseArgs(words.slice(found.used), spec.flags, { interspersed: spec.interspersed ?? true });
    if (args.help) {
      const { helpText } = await import('./args/help-text.js');
      process.stdout.write(helpText({ usage: `${path} ${spec.usage}`.trimEnd(), description: spec.description, aliases: aliasText(found.entry), flags: spec.flags }));
      return 0;
    }
    checkArgs(path, spec, args.positionals.length);
    return (await spec.run(ctx, args)) ?? 0;
  } catch (err) {
    // Loaded only when needed: the error path pulls in every error type.
    const { reportError } = await import('./report-error.js');
    return reportError(err, { usage, debug, stderr: process.stderr });
  } finally {
    ctx?.close();
  }
}

async function unknownCommand(words: readonly string[]): Promise<number> {
  const [first = '', second] = words;
  if (first in GROUPS) {
    if (second === undefined || second === '--help' || second === '-h') {
      process.stdout.write(groupHelp(first));
      return 0;
    }
    process.stderr.write(`berth: unknown command: berth ${first} ${second}\n\nUsage:  berth ${first}\n\nRun 'berth ${first} --help' for more information\n`);
    return 1;
  }
  process.stderr.write(`berth: unknown command: berth ${first}\n\nRun 'berth --help' for more information\n`);
  return 1;
}

/** Docker's argument-count messages (cli/required.go), exit code 1. */
function checkArgs(path: string, spec: CommandSpec, count: number): void {
  const rule: ArgsRule = spec.args ?? { min: 0 };
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if ('exact' in rule) {
    if (count === rule.exact) return;
    const msg = rule.exact === 0 ? `'${path}' accepts no arguments` : `'${path}' requires ${rule.exact} ${plural(rule.exact)}`;
    throw new UsageError(msg, { exitCode: 1, prefixed: true });
  }
  const { min = 0, max } = rule;
  if (count >= min && (max === undefined || count <= max)) return;
  if (max === undefined) throw new UsageError(`'${path}' requires at least ${min} ${plural(min)}`, { exitCode: 1, prefixed: true, hintVerb: 'See' });
  if (min === 0) throw new UsageError(`'${path}' requires at most ${max} ${plural(max)}`, { exitCode: 1, prefixed: true });
  throw new UsageError(`'${path}' requires at least ${min} and at most ${max} ${plural(max)}`, { exitCode: 1, prefixed: true });
}

function aliasText(entry: CommandEntry): string | undefined {
  if (entry.paths.length < 2) return undefined;
  const sorted = [...entry.paths].sort((a, b) => b.length - a.length);
  return sorted.map((p) => `berth ${p.join(' ')}`).join(', ');
}

function commandList(entries: CommandEntry[], pick: (e: CommandEntry) => string): string[] {
  const names = entries.map(pick);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return entries.map((e, i) => `  ${names[i]!.padEnd(width)}${e.summary}`);
}

async function mainHelp(): Promise<string> {
  const { flagLines } = await import('./args/help-text.js');
  const common = COMMANDS.filter((c) => c.section === 'common');
  const other = COMMANDS.filter((c) => c.section === 'other');
  const groups = Object.entries(GROUPS).map(([name, summary]) => `  ${name.padEnd(12)}${summary}`);
  return [
    'Usage:  berth [OPTIONS] COMMAND',
    '',
    'A Docker-compatible container engine client',
    '',
    'Common Commands:',
    ...commandList(common, (e) => e.paths[0]!.join(' ')),
    '',
    'Management Commands:',
    ...groups,
    '',
    'Commands:',
    ...commandList(other, (e) => e.paths[0]!.join(' ')),
    '',
    'Global Options:',
    ...flagLines(GLOBAL_FLAGS.filter((f) => !f.hidden)),
    '',
    "Run 'berth COMMAND --help' for more information on a command.",
    '',
  ].join('\n');
}

function groupHelp(group: string): string {
  const entries = COMMANDS.filter((c) => c.paths.some((p) => p[0] === group && p.length === 2))
    .map((c) => ({ ...c, verb: c.paths.find((p) => p[0] === group && p.length === 2)![1]! }))
    .sort((a, b) => (a.verb < b.verb ? -1 : 1));
  return [
    `Usage:  berth ${group} COMMAND`,
    '',
    GROUPS[group],
    '',
    'Commands:',
    ...commandList(entries, (e) => (e as CommandEntry & { verb: string }).verb),
    '',
    `Run 'berth ${group} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}
