import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlagSpec } from './flag-spec.js';
import { parseGoInt } from './go-strconv.js';
import { helpText } from './help-text.js';
import { parseArgs } from './parse-args.js';
import { UsageError } from './usage-error.js';

const runFlags: FlagSpec[] = [
  { long: 'detach', short: 'd', kind: 'bool', description: 'Run container in background' },
  { long: 'interactive', short: 'i', kind: 'bool', description: '' },
  { long: 'tty', short: 't', kind: 'bool', description: '' },
  { long: 'rm', kind: 'bool', description: '' },
  { long: 'sig-proxy', kind: 'bool', description: '', defaultText: 'true' },
  { long: 'env', short: 'e', kind: 'list', description: '' },
  { long: 'publish', short: 'p', kind: 'list', description: '' },
  { long: 'name', kind: 'value', description: '' },
  { long: 'hostname', short: 'h', kind: 'value', description: '' },
  { long: 'last', short: 'n', kind: 'value', type: 'int', parse: parseGoInt, description: '' },
];

interface Case {
  argv: string[];
  interspersed?: boolean;
  flags?: Record<string, unknown>;
  lists?: Record<string, string[]>;
  positionals?: string[];
  help?: boolean;
  error?: string;
}

const cases: Case[] = [
  { argv: ['-it', 'busybox', 'sh'], interspersed: false, flags: { interactive: true, tty: true, detach: undefined }, positionals: ['busybox', 'sh'] },
  { argv: ['-itd', '--rm', 'busybox'], flags: { interactive: true, tty: true, detach: true, rm: true }, positionals: ['busybox'] },
  { argv: ['busybox', 'ls', '-l'], interspersed: false, positionals: ['busybox', 'ls', '-l'] },
  { argv: ['busybox', 'ls', '--rm'], interspersed: false, flags: { rm: undefined }, positionals: ['busybox', 'ls', '--rm'] },
  { argv: ['a', '--rm', 'b'], interspersed: true, flags: { rm: true }, positionals: ['a', 'b'] },
  { argv: ['--name=x', '--name', 'y'], flags: { name: 'y' } },
  { argv: ['--name', '--rm'], flags: { name: '--rm', rm: undefined } },
  { argv: ['-e', 'A=1', '--env=B=2', '-eC=3', '-e=D=4', '--env', 'E'], lists: { env: ['A=1', 'B=2', 'C=3', 'D=4', 'E'] } },
  { argv: ['-p8080:80', '-p', '9090:90/udp'], lists: { publish: ['8080:80', '9090:90/udp'] } },
  { argv: ['-dp', '80:80'], flags: { detach: true }, lists: { publish: ['80:80'] } },
  { argv: ['--rm=false', '--sig-proxy=false'], flags: { rm: false, 'sig-proxy': false } },
  { argv: ['-d=false'], flags: { detach: false } },
  { argv: ['--rm', 'false'], flags: { rm: true }, positionals: ['false'] },
  { argv: ['-n', '3'], flags: { last: 3 } },
  { argv: ['-n3'], flags: { last: 3 } },
  { argv: ['--', '-d', '--rm'], flags: { detach: undefined }, positionals: ['-d', '--rm'] },
  { argv: ['-', 'x'], positionals: ['-', 'x'] },
  { argv: ['-h', 'myhost'], flags: { hostname: 'myhost' } },
  { argv: ['--help'], help: true },
  { argv: ['x', '--help'], help: true, positionals: ['x'] },
  { argv: ['--help=false'], help: false },
  { argv: ['--foo'], error: 'unknown flag: --foo' },
  { argv: ['--foo=1'], error: 'unknown flag: --foo' },
  { argv: ['-dx'], error: "unknown shorthand flag: 'x' in -x" },
  { argv: ['-n'], error: "flag needs an argument: 'n' in -n" },
  { argv: ['-dn'], error: "flag needs an argument: 'n' in -n" },
  { argv: ['--name'], error: 'flag needs an argument: --name' },
  { argv: ['-n', 'x'], error: 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax' },
  { argv: ['--rm=maybe'], error: 'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax' },
];

describe('parseArgs (docker/pflag conventions)', () => {
  for (const c of cases) {
    test(c.argv.join(' ') || '(empty)', () => {
      const run = () => parseArgs(c.argv, runFlags, { interspersed: c.interspersed ?? true });
      if (c.error) {
        assert.throws(run, (err: unknown) => {
          assert.ok(err instanceof UsageError);
          assert.equal(err.message, c.error);
          assert.equal(err.exitCode, 125);
          return true;
        });
        return;
      }
      const parsed = run();
      for (const [name, want] of Object.entries(c.flags ?? {})) assert.deepEqual(parsed.value(name), want, name);
      for (const [name, want] of Object.entries(c.lists ?? {})) assert.deepEqual(parsed.list(name), want, name);
      assert.deepEqual(parsed.positionals, c.positionals ?? []);
      assert.equal(parsed.help, c.help ?? false);
    });
  }

  test('has() tells given from absent; bool() takes a default', () => {
    const p = parseArgs(['--rm'], runFlags);
    assert.equal(p.has('rm'), true);
    assert.equal(p.has('sig-proxy'), false);
    assert.equal(p.bool('sig-proxy', true), true);
    assert.equal(parseArgs(['--sig-proxy=false'], runFlags).bool('sig-proxy', true), false);
  });
});

test('helpText lays flags out like docker', () => {
  const text = helpText({
    usage: 'berth ps [OPTIONS]',
    description: 'List containers',
    aliases: 'berth container ls, berth ps',
    flags: [
      { long: 'all', short: 'a', kind: 'bool', description: 'Show all containers (default shows just running)' },
      { long: 'filter', short: 'f', kind: 'list', type: 'filter', description: 'Filter output based on conditions provided' },
      { long: 'format', kind: 'value', description: 'Format output' },
      { long: 'last', short: 'n', kind: 'value', type: 'int', description: 'Show n last created containers', defaultText: '-1' },
    ],
  });
  assert.equal(text, [
    'Usage:  berth ps [OPTIONS]',
    '',
    'List containers',
    '',
    'Aliases:',
    '  berth container ls, berth ps',
    '',
    'Options:',
    '  -a, --all             Show all containers (default shows just running)',
    '  -f, --filter filter   Filter output based on conditions provided',
    '      --format string   Format output',
    '  -n, --last int        Show n last created containers (default -1)',
    '',
  ].join('\n'));
});
