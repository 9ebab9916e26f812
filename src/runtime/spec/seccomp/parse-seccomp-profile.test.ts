import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../core/engine-error.js';
import { parseSeccompProfile } from './parse-seccomp-profile.js';
import { resolveSeccompProfile } from './resolve-seccomp-profile.js';

const target = { capabilities: ['CAP_CHOWN'], arch: 'amd64' as const, kernelVersion: '5.10.0' };

test('a Docker-format profile resolves to OCI: legacy name, caps, arches, kernel, archMap', () => {
  const profile = parseSeccompProfile(JSON.stringify({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: null },
    ],
    syscalls: [
      { name: 'read', action: 'SCMP_ACT_ALLOW', args: null },
      { names: ['chown'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_CHOWN'] } },
      { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
      { names: ['set_tls'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['arm64'] } },
      { names: ['new_call'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '6.9' } },
      { names: ['old_call'], action: 'SCMP_ACT_ALLOW', excludes: { minKernel: '5.4' } },
      { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }], comment: 'x' },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: { caps: ['CAP_CHOWN'] } },
    ],
  }));
  assert.deepEqual(resolveSeccompProfile(profile, target), {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
    syscalls: [
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['chown'], action: 'SCMP_ACT_ALLOW' },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW' },
      { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }] },
    ],
  });
  assert.deepEqual(resolveSeccompProfile(profile, { ...target, arch: 'arm64' })?.architectures, ['SCMP_ARCH_AARCH64']);
});

test('an empty profile means no filter; flags and legacy architectures pass through', () => {
  assert.equal(resolveSeccompProfile(parseSeccompProfile('{}'), target), undefined);
  const legacy = parseSeccompProfile('{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"flags":["SECCOMP_FILTER_FLAG_LOG"],"syscalls":[]}');
  assert.deepEqual(resolveSeccompProfile(legacy, target), {
    defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [], flags: ['SECCOMP_FILTER_FLAG_LOG'],
  });
});

test('malformed profiles are invalid_argument', () => {
  const bad: [string, RegExp][] = [
    ['{not json', /Decoding seccomp profile failed/],
    ['[]', /must be a JSON object/],
    ['{"defaultAction":"SCMP_ACT_NOPE"}', /invalid defaultAction/],
    ['{"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}', /defaultAction is required/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":[]}]}', /both 'architectures' and 'archMap'/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ALLOW"}]}', /both 'name' and 'names'/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW","args":[{"index":9,"value":1,"op":"SCMP_CMP_EQ"}]}]}', /arg index/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"EQ"}]}]}', /invalid operator/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":[],"action":"SCMP_ACT_ALLOW"}]}', /no names/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"4"}}]}', /invalid kernel version/],
    ['{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_Z80"]}', /unknown architectures value/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => parseSeccompProfile(text), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message), text);
  }
});
