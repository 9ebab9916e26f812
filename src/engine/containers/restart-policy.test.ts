import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerRecord, RestartPolicyName } from '../../core/container.js';
import { restartDecision } from './restart-policy.js';

const now = Date.parse('2026-01-01T00:01:00Z');
function rec(name: RestartPolicyName, exitCode: number, o: { max?: number; count?: number; byUser?: boolean; ranMs?: number; autoRemove?: boolean } = {}): ContainerRecord {
  return {
    host: { restartPolicy: { name, maximumRetryCount: o.max ?? 0 }, autoRemove: o.autoRemove ?? false },
    state: { exitCode, stoppedByUser: o.byUser ?? false, restartCount: o.count ?? 0, startedAt: new Date(now - (o.ranMs ?? 1000)).toISOString() },
  } as unknown as ContainerRecord;
}

const cases: Array<[string, ContainerRecord, boolean]> = [
  ['no never restarts', rec('no', 1), false],
  ['always restarts after success', rec('always', 0), true],
  ['always does not restart after docker stop', rec('always', 137, { byUser: true }), false],
  ['unless-stopped restarts', rec('unless-stopped', 2), true],
  ['on-failure skips exit 0', rec('on-failure', 0), false],
  ['on-failure restarts on failure', rec('on-failure', 1), true],
  ['on-failure:2 restarts the second time', rec('on-failure', 1, { max: 2, count: 1 }), true],
  ['on-failure:2 stops after two restarts', rec('on-failure', 1, { max: 2, count: 2 }), false],
  ['auto-remove containers never restart', rec('always', 1, { autoRemove: true }), false],
];
for (const [name, r, want] of cases) test(name, () => assert.equal(restartDecision(r, now).restart, want));

test('back-off doubles, and resets after a run of 10 s', () => {
  assert.equal(restartDecision(rec('always', 1, { count: 0 }), now).delayMs, 100);
  assert.equal(restartDecision(rec('always', 1, { count: 3 }), now).delayMs, 800);
  assert.equal(restartDecision(rec('always', 1, { count: 3, ranMs: 11_000 }), now).delayMs, 100);
  assert.equal(restartDecision(rec('always', 1, { count: 30 }), now).delayMs, 60_000);
});
