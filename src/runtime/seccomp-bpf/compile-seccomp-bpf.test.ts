import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSeccompBpf } from './compile-seccomp-bpf.js';
import type { LinuxSeccomp } from '../spec/runtime-spec.js';

const profile: LinuxSeccomp = {
  defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  syscalls: [
    { names: ['read', 'write', 'exit_group', 'not_a_syscall_anywhere'], action: 'SCMP_ACT_ALLOW' },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
    { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
  ],
};

test('compiles a profile to a BPF program (8-byte instructions), skipping unknown names', () => {
  const bpf = compileSeccompBpf(profile);
  assert.ok(bpf, 'libseccomp is installed with crun, so compiling must work');
  assert.equal(bpf.length % 8, 0);
  assert.ok(bpf.length > 8 * 10);
});

test('the program depends on the rules', () => {
  const a = compileSeccompBpf(profile)!;
  const b = compileSeccompBpf({ ...profile, syscalls: profile.syscalls.slice(0, 1) })!;
  assert.notDeepEqual(a, b);
});

test('profiles with what only the runtime handles are left to it', () => {
  assert.equal(compileSeccompBpf({ ...profile, flags: ['SECCOMP_FILTER_FLAG_LOG'] }), undefined);
  assert.equal(compileSeccompBpf({ ...profile, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW',
    args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }, { index: 0, value: 2, op: 'SCMP_CMP_EQ' }] }] }), undefined);
});
