import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { DEFAULT_CAPABILITIES } from './capabilities.js';
import { DEFAULT_MASKED_PATHS } from './default-spec.js';
import { encodeOciJson } from './encode-oci-json.js';
import { generateSpec } from './generate-spec.js';
import type { RuntimeSpec } from './runtime-spec.js';
import type { SpecInput } from './spec-input.js';
import { ociConfigValidator } from './testing/oci-schema-validator.js';
import { fakeHostFacts, fixtureConfig, fixtureHost, fixtureInput } from './testing/spec-input-fixture.js';

const GOLDEN_DIR = resolve(process.cwd(), 'test/fixtures/spec');
const validate = ociConfigValidator();

const GOLDEN: Record<string, SpecInput> = {
  default: fixtureInput(),
  privileged: fixtureInput({
    host: fixtureHost({ privileged: true }),
    hostFacts: fakeHostFacts({
      hostDevices: [
        { path: '/dev/kmsg', type: 'c', major: 1, minor: 11, fileMode: 0o644, uid: 0, gid: 0 },
        { path: '/dev/loop0', type: 'b', major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 },
      ],
    }),
  }),
  'limits-ulimits-tmpfs-readonly': fixtureInput({
    config: fixtureConfig({ tty: true, user: '1000', env: ['PATH=/bin:/usr/bin', 'APP=1'] }),
    host: fixtureHost({
      readonlyRootfs: true,
      securityOpt: ['no-new-privileges'],
      oomScoreAdj: 500,
      shmSize: 128 * 1024 * 1024,
      consoleSize: [40, 120],
      resources: {
        memory: 256 * 1024 * 1024,
        memoryReservation: 128 * 1024 * 1024,
        nanoCpus: 1_500_000_000,
        cpuShares: 512,
        cpusetCpus: '0',
        pidsLimit: 100,
        blkioWeight: 500,
        ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }, { name: 'nproc', soft: 512, hard: 512 }],
      },
      tmpfs: { '/run': 'size=64m,mode=1777' },
      mounts: [
        { type: 'bind', source: '/srv/data', target: '/data', readOnly: true, options: [] },
        { type: 'volume', source: '/var/lib/berth/volumes/cache/_data', target: '/data/cache', readOnly: false, options: [] },
      ],
      sysctls: { 'net.core.somaxconn': '1024' },
    }),
    args: ['/bin/app', '--serve'],
    env: ['PATH=/bin:/usr/bin', 'APP=1'],
    cwd: '/srv',
    user: { uid: 1000, gid: 1000, additionalGids: [1000] },
  }),
  'init-caps-hostnet': fixtureInput({
    host: fixtureHost({ init: true, capAdd: ['sys_admin', 'CAP_NET_ADMIN'], capDrop: ['NET_RAW', 'mknod'], networkMode: 'host' }),
    netnsPath: undefined,
    args: ['sleep', '1000'],
  }),
};

function golden(name: string, spec: RuntimeSpec): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const text = `${encodeOciJson(spec, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
  }
  assert.equal(text, readFileSync(file, 'utf8'), `${file} differs; rerun with UPDATE_GOLDEN=1 if the change is intended`);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const gen = (over: Partial<SpecInput> = {}) => generateSpec(fixtureInput(over));
const mount = (spec: RuntimeSpec, dest: string) => spec.mounts.find((m) => m.destination === dest);
const rejects = (fn: () => unknown, code: string, re: RegExp) =>
  assert.throws(fn, (e: unknown) => EngineError.is(e) && e.code === code && re.test(e.message));

for (const [name, input] of Object.entries(GOLDEN)) {
  test(`golden spec ${name} matches and is schema-valid`, () => {
    const spec = generateSpec(deepFreeze(structuredClone(input)));
    golden(name, spec);
    assert.deepEqual(validate(JSON.parse(encodeOciJson(spec))), []);
  });
}

test('the schema validator rejects broken specs', () => {
  const spec = JSON.parse(encodeOciJson(gen())) as Record<string, any>;
  assert.deepEqual(validate(spec), []);
  const noCwd = structuredClone(spec);
  delete noCwd.process.cwd;
  assert.notDeepEqual(validate(noCwd), []);
  const badNs = structuredClone(spec);
  badNs.linux.namespaces.push({ type: 'bogus' });
  assert.notDeepEqual(validate(badNs), []);
  const badRlimit = structuredClone(spec);
  badRlimit.process.rlimits[0].type = 'nofile';
  assert.notDeepEqual(validate(badRlimit), []);
  const badSeccomp = structuredClone(spec);
  badSeccomp.linux.seccomp.defaultAction = 'SCMP_ACT_MAYBE';
  assert.notDeepEqual(validate(badSeccomp), []);
});

test('generateSpec is pure: frozen input, same output twice', () => {
  const input = deepFreeze(fixtureInput());
  assert.deepEqual(generateSpec(input), generateSpec(input));
});

test('default: Docker caps, private namespaces with the given netns, seccomp, masked paths', () => {
  const s = gen();
  assert.deepEqual(s.process.capabilities.bounding, DEFAULT_CAPABILITIES);
  assert.deepEqual(s.process.capabilities.effective, DEFAULT_CAPABILITIES);
  assert.deepEqual(s.process.capabilities.inheritable, []);
  assert.deepEqual(s.process.capabilities.ambient, []);
  assert.deepEqual(s.linux.namespaces.map((n) => n.type).sort(), ['cgroup', 'ipc', 'mount', 'network', 'pid', 'uts']);
  assert.equal(s.linux.namespaces.find((n) => n.type === 'network')?.path, fixtureInput().netnsPath);
  assert.equal(s.linux.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
  assert.deepEqual(s.linux.seccomp?.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  assert.deepEqual(s.linux.maskedPaths, DEFAULT_MASKED_PATHS);
  assert.ok(mount(s, '/sys')?.options.includes('ro'));
  assert.ok(mount(s, '/sys/fs/cgroup')?.options.includes('ro'));
  assert.ok(mount(s, '/dev/shm')?.options.includes(`size=${64 * 1024 * 1024}`));
  assert.deepEqual(s.process.rlimits, [{ type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 }]);
  assert.equal(s.linux.sysctl?.['net.ipv4.ip_unprivileged_port_start'], '0');
  assert.deepEqual(s.process.env, [fixtureConfig().env[0], `HOSTNAME=${fixtureConfig().hostname}`]);
  assert.equal(s.hostname, '4d3c2b1a0f9e');
});

test('a new network namespace when no netns path; none at all for --network host', () => {
  const own = gen({ netnsPath: undefined });
  assert.deepEqual(own.linux.namespaces.find((n) => n.type === 'network'), { type: 'network' });
  const host = gen({ netnsPath: undefined, host: fixtureHost({ networkMode: 'host' }) });
  assert.equal(host.linux.namespaces.find((n) => n.type === 'network'), undefined);
  assert.equal(host.linux.sysctl, undefined);
  const joined = gen({ netnsPath: '/proc/77/ns/net', host: fixtureHost({ networkMode: 'container:abc' }) });
  assert.deepEqual(joined.linux.namespaces.find((n) => n.type === 'network'), { type: 'network', path: '/proc/77/ns/net' });
  assert.equal(joined.linux.sysctl, undefined, 'the namespace owner set its sysctls');
  rejects(() => gen({ netnsPath: undefined, host: fixtureHost({ networkMode: 'container:abc' }) }), 'internal', /netns path/);
});

test('privileged: all bounding caps, no seccomp or masking, /sys and cgroups writable, devices allowed', () => {
  const facts = fakeHostFacts();
  const s = gen({ host: fixtureHost({ privileged: true }), hostFacts: facts });
  assert.deepEqual(s.process.capabilities.bounding, facts.boundingCapabilities);
  assert.ok(!s.process.capabilities.bounding.includes('CAP_SYS_RESOURCE'));
  assert.equal(s.linux.seccomp, undefined);
  assert.equal(s.linux.maskedPaths, undefined);
  assert.equal(s.linux.readonlyPaths, undefined);
  assert.ok(!mount(s, '/sys')?.options.includes('ro'));
  assert.ok(!mount(s, '/sys/fs/cgroup')?.options.includes('ro'));
  assert.deepEqual(s.linux.resources.devices, [{ allow: true, access: 'rwm' }]);
});

test('privileged with a custom seccomp profile keeps that profile', () => {
  const profile = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['chmod'], action: 'SCMP_ACT_ERRNO' }] });
  const s = gen({ host: fixtureHost({ privileged: true, securityOpt: [`seccomp=${profile}`] }) });
  assert.deepEqual(s.linux.seccomp, { defaultAction: 'SCMP_ACT_ALLOW', architectures: [], syscalls: [{ names: ['chmod'], action: 'SCMP_ACT_ERRNO' }] });
});

test('capabilities: add/drop forms, ALL, unknown and unavailable names', () => {
  const caps = (capAdd: string[], capDrop: string[]) => gen({ host: fixtureHost({ capAdd, capDrop }) }).process.capabilities.bounding;
  assert.ok(caps(['sys_admin'], []).includes('CAP_SYS_ADMIN'));
  assert.ok(!caps([], ['CAP_CHOWN']).includes('CAP_CHOWN'));
  assert.deepEqual(caps(['NET_ADMIN'], ['ALL']), ['CAP_NET_ADMIN']);
  assert.equal(caps(['ALL'], ['MKNOD']).length, fakeHostFacts().boundingCapabilities.length - 1);
  rejects(() => caps(['CAP_NOPE'], []), 'invalid_argument', /unknown capability: "CAP_NOPE"/);
  rejects(() => caps(['SYS_RESOURCE'], []), 'invalid_argument', /not available in the current environment: "CAP_SYS_RESOURCE"/);
});

test('seccomp follows the capability set and the security options', () => {
  const allowed = (s: RuntimeSpec, name: string) =>
    s.linux.seccomp!.syscalls.some((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args && r.names.includes(name));
  assert.ok(!allowed(gen(), 'mount'));
  assert.ok(allowed(gen({ host: fixtureHost({ capAdd: ['SYS_ADMIN'] }) }), 'mount'));
  assert.ok(allowed(gen({ host: fixtureHost({ capAdd: ['SYS_PTRACE'] }) }), 'kcmp'));
  assert.equal(gen({ host: fixtureHost({ securityOpt: ['seccomp=unconfined'] }) }).linux.seccomp, undefined);
  assert.equal(gen({ host: fixtureHost({ securityOpt: ['seccomp:unconfined'] }) }).linux.seccomp, undefined);
  rejects(() => gen({ host: fixtureHost({ securityOpt: ['seccomp={not json'] }) }), 'invalid_argument', /Decoding seccomp profile failed/);
  rejects(() => gen({ host: fixtureHost({ securityOpt: ['apparmor'] }) }), 'invalid_argument', /invalid --security-opt 1/);
  assert.equal(gen({ host: fixtureHost({ securityOpt: ['no-new-privileges:true'] }) }).process.noNewPrivileges, true);
  assert.equal(gen({ host: fixtureHost({ securityOpt: ['no-new-privileges=false'] }) }).process.noNewPrivileges, false);
});

test('mounts: parents before children, user mounts replace defaults, /dev replaces everything under it', () => {
  const s = gen({
    host: fixtureHost({
      mounts: [
        { type: 'bind', source: '/h/c', target: '/a/b/c', readOnly: false, options: [] },
        { type: 'bind', source: '/h/a', target: '/a/', readOnly: false, options: [] },
        { type: 'tmpfs', source: '', target: '/dev/shm', readOnly: false, options: ['size=1m'] },
        { type: 'bind', source: '/h/b', target: '/a/b', readOnly: false, options: ['bind', 'rshared'] },
      ],
      tmpfs: { '/a/b/c/d': '' },
    }),
  });
  const dests = s.mounts.map((m) => m.destination);
  for (const [i, d] of dests.entries()) {
    for (const [j, e] of dests.entries()) if (e.startsWith(`${d}/`)) assert.ok(i < j, `${d} must come before ${e}`);
  }
  assert.equal(dests.filter((d) => d === '/dev/shm').length, 1);
  assert.deepEqual(mount(s, '/dev/shm')?.options, ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m']);
  assert.deepEqual(mount(s, '/a/b')?.options, ['bind', 'rshared']);
  assert.equal(s.linux.rootfsPropagation, 'shared');
  assert.deepEqual(mount(s, '/a')?.options, ['rbind', 'rprivate']);

  const dev = gen({ host: fixtureHost({ mounts: [{ type: 'bind', source: '/dev', target: '/dev', readOnly: false, options: [] }] }) });
  assert.deepEqual(dev.mounts.filter((m) => m.destination.startsWith('/dev')).map((m) => m.source), ['/dev']);
  rejects(() => gen({ host: fixtureHost({ tmpfs: { '/x': '' }, mounts: [{ type: 'bind', source: '/y', target: '/x', readOnly: false, options: [] }] }) }),
    'invalid_argument', /Duplicate mount point: \/x/);
  rejects(() => gen({ host: fixtureHost({ tmpfs: { relative: '' } }) }), 'invalid_argument', /must be absolute/);
  rejects(() => gen({ host: fixtureHost({ tmpfs: { '/x': 'size=1m,bogus' } }) }), 'invalid_argument', /invalid tmpfs option "bogus"/);
});

test('read-only rootfs: system mounts and the engine binds become read-only, user mounts do not', () => {
  const s = gen({ host: fixtureHost({ readonlyRootfs: true, mounts: [{ type: 'bind', source: '/h', target: '/w', readOnly: false, options: [] }] }) });
  assert.equal(s.root.readonly, true);
  for (const d of ['/sys', '/sys/fs/cgroup', '/etc/hosts', '/etc/resolv.conf']) assert.ok(mount(s, d)?.options.includes('ro'), d);
  for (const d of ['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/w']) assert.ok(!mount(s, d)?.options.includes('ro'), d);
});

test('ulimits: defaults fit the daemon, values above its hard limit are refused', () => {
  const ul = (ulimits: { name: string; soft: number; hard: number }[]) =>
    gen({ host: fixtureHost({ resources: { ulimits } }) }).process.rlimits;
  assert.deepEqual(ul([{ name: 'nproc', soft: 10, hard: 20 }]), [
    { type: 'RLIMIT_NPROC', soft: 10, hard: 20 },
    { type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 },
  ]);
  assert.deepEqual(gen({ hostFacts: fakeHostFacts({ hardRlimits: { nofile: 4_000_000, nproc: Infinity } }) }).process.rlimits,
    [{ type: 'RLIMIT_NOFILE', soft: 1_048_576, hard: 1_048_576 }]);
  rejects(() => ul([{ name: 'nofile', soft: 1024, hard: 30000 }]), 'invalid_argument', /exceeds the daemon's hard limit for nofile \(20000\)/);
  rejects(() => ul([{ name: 'nproc', soft: 1, hard: 100000 }]), 'invalid_argument', /hard limit for nproc/);
  const core = ul([{ name: 'core', soft: -1, hard: -1 }]);
  assert.match(encodeOciJson(core), /"soft":18446744073709551615,"hard":18446744073709551615/);
});

test('resources: cpus become quota/period; swap defaults to twice memory, -1 is unlimited', () => {
  const res = (resources: object) => gen({ host: fixtureHost({ resources }) }).linux.resources;
  assert.deepEqual(res({ nanoCpus: 1_500_000_000 }).cpu, { period: 100000, quota: 150000 });
  assert.deepEqual(res({ nanoCpus: 10_000_000 }).cpu, { period: 100000, quota: 1000 });
  assert.deepEqual(res({ memory: 64 << 20 }).memory, { limit: 64 << 20, swap: 128 << 20 });
  assert.deepEqual(res({ memory: 64 << 20, memorySwap: -1 }).memory, { limit: 64 << 20, swap: -1 });
  assert.deepEqual(res({ pidsLimit: -5 }).pids, { limit: -1 });
  assert.equal(res({}).pids, undefined);
  assert.deepEqual(gen({ host: fixtureHost({ resources: { memory: 64 << 20 } }), hostFacts: fakeHostFacts({ swapLimit: false }) }).linux.resources.memory,
    { limit: 64 << 20 });
});

test('--init wraps the command and needs an init binary', () => {
  const s = gen({ host: fixtureHost({ init: true }), args: ['top', '-b'] });
  assert.deepEqual(s.process.args, ['/sbin/docker-init', '--', 'top', '-b']);
  assert.deepEqual(mount(s, '/sbin/docker-init'), { destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['bind', 'ro'] });
  rejects(() => gen({ host: fixtureHost({ init: true }), hostFacts: fakeHostFacts({ initPath: undefined }) }), 'unavailable', /init/);
});

test('process: env defaults, tty, console size, cwd and oom score checks', () => {
  const s = gen({ config: fixtureConfig({ tty: true }), host: fixtureHost({ consoleSize: [24, 80] }), env: ['PATH=/x', 'HOSTNAME=mine', 'TERM'] });
  assert.deepEqual(s.process.env, ['PATH=/x', 'HOSTNAME=mine']);
  assert.deepEqual(s.process.consoleSize, { height: 24, width: 80 });
  assert.equal(s.process.terminal, true);
  assert.equal(gen({ host: fixtureHost({ consoleSize: [24, 80] }) }).process.consoleSize, undefined);
  rejects(() => gen({ cwd: 'relative' }), 'invalid_argument', /needs to be an absolute path/);
  rejects(() => gen({ host: fixtureHost({ oomScoreAdj: 1001 }) }), 'invalid_argument', /oom score adj/);
  rejects(() => gen({ args: [] }), 'invalid_argument', /no command/);
});

test('system paths: host extras are masked; explicit lists (systempaths=unconfined) replace the defaults', () => {
  const extra = '/sys/devices/system/cpu/cpu0/thermal_throttle';
  assert.ok(gen({ hostFacts: fakeHostFacts({ extraMaskedPaths: [extra] }) }).linux.maskedPaths?.includes(extra));
  const open = gen({ maskedPaths: [], readonlyPaths: [] });
  assert.deepEqual([open.linux.maskedPaths, open.linux.readonlyPaths], [[], []]);
});
