import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { parseUlimit } from './parse-ulimit.js';
import { validateUlimits } from './validate-ulimits.js';

const parses: [string, { name: string; soft: number; hard: number }][] = [
  ['nofile=1024:2048', { name: 'nofile', soft: 1024, hard: 2048 }],
  ['nofile=1024', { name: 'nofile', soft: 1024, hard: 1024 }],
  ['memlock=-1:-1', { name: 'memlock', soft: -1, hard: -1 }],
  ['core=0', { name: 'core', soft: 0, hard: 0 }],
  ['nproc=10:-1', { name: 'nproc', soft: 10, hard: -1 }],
];
for (const [text, want] of parses) test(`parseUlimit ${text}`, () => assert.deepEqual(parseUlimit(text), want));

const rejected: [string, RegExp][] = [
  ['nofile', /invalid ulimit argument: nofile/],
  ['files=10', /invalid ulimit type: files/],
  ['nofile=abc', /invalid ulimit argument/],
  ['nofile=1.5', /invalid ulimit argument/],
  ['nofile=2048:1024', /ulimit soft limit must be less than or equal to hard limit: 2048 > 1024/],
  ['nofile=', /invalid ulimit argument/],
];
for (const [text, re] of rejected) {
  test(`parseUlimit rejects ${text}`, () =>
    assert.throws(() => parseUlimit(text), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message)));
}

test('validateUlimits: the daemon hard limit, -1 as unlimited, unknown names', () => {
  const hard = { nofile: 20000, nproc: 96365, core: Infinity };
  const ok = (name: string, soft: number, h: number) => validateUlimits([{ name, soft, hard: h }], hard);
  ok('nofile', 1024, 20000);
  ok('core', -1, -1);
  ok('stack', 1, 8 << 20); // not in the table: not checked
  const bad = (name: string, soft: number, h: number, re: RegExp) =>
    assert.throws(() => ok(name, soft, h), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message));
  bad('nofile', 1024, 20001, /exceeds the daemon's hard limit for nofile \(20000\)/);
  bad('nofile', -1, -1, /exceeds/);
  bad('nproc', -1, 100, /soft limit must be less than or equal to hard limit: -1 > 100/);
  bad('bogus', 1, 1, /invalid ulimit type: bogus/);
  bad('nofile', -2, 10, /invalid ulimit argument/);
});
