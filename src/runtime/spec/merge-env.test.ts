import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeEnv } from './merge-env.js';

const cases: [string[], string[], string[]][] = [
  [['PATH=/bin', 'HOSTNAME=h'], ['PATH=/x'], ['PATH=/x', 'HOSTNAME=h']],
  [['A=1'], ['B=2', 'B=3'], ['A=1', 'B=3']],
  [['A=1', 'B=2'], ['A'], ['B=2']],
  [['A=1'], ['C'], ['A=1']],
  [[], ['X=a=b'], ['X=a=b']],
];
for (const [base, over, want] of cases) test(`mergeEnv ${JSON.stringify(over)}`, () => assert.deepEqual(mergeEnv(base, over), want));

test('mergeEnv does not modify its inputs', () => {
  const base = Object.freeze(['A=1']);
  assert.deepEqual(mergeEnv(base, ['A=2']), ['A=2']);
  assert.deepEqual(base, ['A=1']);
});
