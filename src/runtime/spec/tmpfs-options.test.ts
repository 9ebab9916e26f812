import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { tmpfsOptions } from './tmpfs-options.js';

const cases: [string[], string[]][] = [
  [[], ['noexec', 'nosuid', 'nodev', 'rprivate']],
  [['size=64m,mode=1777'], ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=64m', 'mode=1777']],
  [['exec'], ['nosuid', 'nodev', 'rprivate', 'exec']],
  [['size=1m,size=2m'], ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=2m']],
  [['shared,ro'], ['noexec', 'nosuid', 'nodev', 'shared', 'ro']],
  [['defaults,uid=1000'], ['noexec', 'nosuid', 'nodev', 'rprivate', 'uid=1000']],
];
for (const [user, want] of cases) test(`tmpfs options ${user.join(',') || '(none)'}`, () => assert.deepEqual(tmpfsOptions(user), want));

test('unknown tmpfs options are invalid_argument', () => {
  for (const bad of ['foo', 'foo=1', 'size']) {
    assert.throws(() => tmpfsOptions([bad]), (e: unknown) => EngineError.is(e, 'invalid_argument') && /invalid tmpfs option/.test(e.message));
  }
});
