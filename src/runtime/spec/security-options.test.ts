import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { parseSecurityOptions } from './security-options.js';

test('security options as dockerd reads them', () => {
  const cases: [string[], Partial<ReturnType<typeof parseSecurityOptions>>][] = [
    [[], { noNewPrivileges: false, seccomp: { kind: 'default' } }],
    [['no-new-privileges'], { noNewPrivileges: true }],
    [['no-new-privileges=true'], { noNewPrivileges: true }],
    [['no-new-privileges:true'], { noNewPrivileges: true }],
    [['no-new-privileges', 'no-new-privileges=false'], { noNewPrivileges: false }],
    [['seccomp=unconfined'], { seccomp: { kind: 'unconfined' } }],
    [['seccomp=builtin'], { seccomp: { kind: 'default' } }],
    [['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'], { seccomp: { kind: 'custom', profileJson: '{"defaultAction":"SCMP_ACT_ALLOW"}' } }],
    [['apparmor=unconfined', 'label=disable'], { apparmorProfile: 'unconfined', labels: ['disable'] }],
    [['writable-cgroups=1'], { writableCgroups: true }],
  ];
  for (const [opts, want] of cases) {
    const got = parseSecurityOptions(opts);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, `${opts.join(' ')}: ${k}`);
  }
});

test('malformed security options use dockerd messages', () => {
  const bad: [string, string][] = [
    ['bogus', 'invalid --security-opt 1: "bogus"'],
    ['bogus=1', 'invalid --security-opt 2: "bogus=1"'],
    ['no-new-privileges=maybe', 'invalid --security-opt 2: "no-new-privileges=maybe"'],
  ];
  for (const [opt, message] of bad) {
    assert.throws(() => parseSecurityOptions([opt]), (e: unknown) => EngineError.is(e, 'invalid_argument') && e.message === message);
  }
});
