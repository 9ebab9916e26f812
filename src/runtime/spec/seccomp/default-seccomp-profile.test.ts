import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from '../capabilities.js';
import type { LinuxSeccomp, SeccompArg } from '../runtime-spec.js';
import type { NativeArch } from '../spec-input.js';
import { sharedSpecsDir } from '../testing/oci-schema-validator.js';
import { defaultSeccompProfile } from './default-seccomp-profile.js';
import { parseSeccompProfile } from './parse-seccomp-profile.js';
import { resolveSeccompProfile } from './resolve-seccomp-profile.js';

const docker = parseSeccompProfile(readFileSync(join(sharedSpecsDir(), 'docker-default-seccomp.json'), 'utf8'));

const CAP_SETS: Record<string, string[]> = {
  default: [...DEFAULT_CAPABILITIES],
  'default+SYS_ADMIN': [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'],
  'default+SYS_PTRACE': [...DEFAULT_CAPABILITIES, 'CAP_SYS_PTRACE'],
  'default-SYS_CHROOT': DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_SYS_CHROOT'),
  'privileged-ish (all)': [...ALL_CAPABILITIES],
  none: [],
};
const ARCHES: NativeArch[] = ['amd64', 'arm64'];
const KERNELS = ['6.1.0', '4.4.0'];

/** Per syscall: 'always' if some rule allows it unconditionally, else the argument filters that allow it. */
function allowances(s: LinuxSeccomp): Map<string, 'always' | string[]> {
  const out = new Map<string, 'always' | string[]>();
  for (const rule of s.syscalls) {
    if (rule.action !== 'SCMP_ACT_ALLOW') continue;
    for (const name of rule.names) {
      const prev = out.get(name);
      if (prev === 'always' || !rule.args?.length) out.set(name, 'always');
      else out.set(name, [...(prev ?? []), key(rule.args)]);
    }
  }
  return out;
}

const key = (args: SeccompArg[]) => JSON.stringify(args.map((a) => [a.index, a.op, a.value, a.valueTwo ?? 0]));

for (const [label, caps] of Object.entries(CAP_SETS)) {
  for (const arch of ARCHES) {
    for (const kernelVersion of KERNELS) {
      test(`ours allows nothing Docker's profile denies: ${label}, ${arch}, kernel ${kernelVersion}`, () => {
        const target = { capabilities: caps, arch, kernelVersion };
        const ours = resolveSeccompProfile(defaultSeccompProfile, target)!;
        const theirs = resolveSeccompProfile(docker, target)!;
        assert.ok(!['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'].includes(ours.defaultAction), 'default must deny');
        for (const a of ours.architectures) assert.ok(theirs.architectures.includes(a), `architecture ${a}`);
        const d = allowances(theirs);
        for (const [name, how] of allowances(ours)) {
          const dockerHow = d.get(name);
          assert.ok(dockerHow !== undefined, `${name} is allowed by ours but never by Docker's`);
          if (dockerHow === 'always') continue;
          assert.notEqual(how, 'always', `${name}: Docker allows it only with argument filters, ours unconditionally`);
          for (const filter of how as string[]) {
            assert.ok(dockerHow.includes(filter), `${name}: our filter ${filter} is not one of Docker's ${dockerHow.join(' | ')}`);
          }
        }
        // what Docker answers with a specific errno instead of EPERM we must not allow either
        for (const rule of theirs.syscalls.filter((r) => r.action === 'SCMP_ACT_ERRNO')) {
          for (const name of rule.names) assert.notEqual(allowances(ours).get(name), 'always', name);
        }
      });
    }
  }
}

test('ours still allows everything Docker allows (no program breaks only under berth)', () => {
  for (const caps of Object.values(CAP_SETS)) {
    const target = { capabilities: caps, arch: 'amd64' as const, kernelVersion: '6.1.0' };
    const ours = allowances(resolveSeccompProfile(defaultSeccompProfile, target)!);
    for (const [name, how] of allowances(resolveSeccompProfile(docker, target)!)) {
      const mine = ours.get(name);
      assert.ok(mine !== undefined, `Docker allows ${name}, ours does not`);
      if (how === 'always') assert.equal(mine, 'always', name);
    }
  }
});

test('default caps: clone only without namespace flags, clone3 is ENOSYS, mount family denied', () => {
  const s = resolveSeccompProfile(defaultSeccompProfile, { capabilities: DEFAULT_CAPABILITIES, arch: 'amd64', kernelVersion: '6.1.0' })!;
  const clone = s.syscalls.filter((r) => r.names.includes('clone'));
  assert.deepEqual(clone, [{ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x7e020000, op: 'SCMP_CMP_MASKED_EQ' }] }]);
  assert.deepEqual(s.syscalls.find((r) => r.names.includes('clone3')), { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  const allowed = allowances(s);
  for (const n of ['mount', 'umount2', 'unshare', 'setns', 'bpf', 'kexec_load', 'init_module', 'reboot', 'io_uring_setup', 'keyctl', 'add_key', 'userfaultfd']) {
    assert.equal(allowed.get(n), undefined, n);
  }
  for (const n of ['read', 'write', 'execve', 'chroot', 'ptrace', 'arch_prctl']) assert.equal(allowed.get(n), 'always', n);
  assert.equal(allowed.get('set_tls'), undefined, 'arm-only call not on amd64');
  assert.equal(s.defaultErrnoRet, 1);
});

test('capabilities unlock their syscalls; an old kernel keeps ptrace behind CAP_SYS_PTRACE', () => {
  const allowedWith = (caps: string[], kernelVersion = '6.1.0') =>
    allowances(resolveSeccompProfile(defaultSeccompProfile, { capabilities: caps, arch: 'arm64', kernelVersion })!);
  const admin = allowedWith([...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN']);
  for (const n of ['mount', 'clone', 'clone3', 'unshare', 'setns', 'sethostname']) assert.equal(admin.get(n), 'always', n);
  assert.equal(admin.get('set_tls'), 'always');
  assert.equal(allowedWith(['CAP_SYS_TIME']).get('clock_settime'), 'always');
  assert.equal(allowedWith(['CAP_SYS_MODULE']).get('finit_module'), 'always');
  assert.equal(allowedWith([], '4.4.0').get('ptrace'), undefined);
  assert.equal(allowedWith(['CAP_SYS_PTRACE'], '4.4.0').get('ptrace'), 'always');
  const unknownKernel = resolveSeccompProfile(defaultSeccompProfile, { capabilities: [], arch: 'amd64' })!;
  assert.equal(allowances(unknownKernel).get('ptrace'), undefined, 'unknown kernel: minKernel unmet');
});
