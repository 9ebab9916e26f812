import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { HostSettings } from '../../core/container.js';
import { EngineError } from '../../core/engine-error.js';
import type { OciRuntime } from '../oci-runtime.js';
import { DEFAULT_CAPABILITIES, capabilityMask } from '../spec/capabilities.js';
import { encodeOciJson } from '../spec/encode-oci-json.js';
import { execProcessSpec } from '../spec/exec-process-spec.js';
import { generateSpec } from '../spec/generate-spec.js';
import { listHostDevices } from '../spec/host/list-host-devices.js';
import { readHostFacts } from '../spec/host/read-host-facts.js';
import type { RuntimeSpec } from '../spec/runtime-spec.js';
import type { HostFacts, SpecInput } from '../spec/spec-input.js';
import { fixtureConfig, fixtureHost } from '../spec/testing/spec-input-fixture.js';

/*
 * The behaviour every OciRuntime driver must show, against the real runtime binary: run
 * busybox containers from specs made by generateSpec and look at them from inside.
 * Needs root, cgroups and /usr/bin/busybox (static).
 */

const MiB = 1024 * 1024;
const BUSYBOX = '/usr/bin/busybox';

async function run(argv: string[], opts: { input?: string; stdio?: 'ignore' } = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: [opts.input === undefined ? 'ignore' : 'pipe', opts.stdio ?? 'pipe', opts.stdio ?? 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  // 'close' waits for every holder of the pipes: with `run --detach` that is the container itself
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, err };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** key=value lines the container scripts print. */
const fields = (out: string) =>
  Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));

export function ociRuntimeSuite(name: string, create: (stateRoot: string) => OciRuntime): void {
  const dir = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  const cgroupParent = `/berth-test-${name}-${process.pid}`;
  const runtime = create(join(dir, 'state'));
  let facts: HostFacts;
  let n = 0;
  const started: string[] = [];

  before(async () => {
    facts = await readHostFacts();
  });

  after(async () => {
    for (const id of started) await runtime.delete(id, { force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    // the runtime removes each container's cgroup; the parent is ours to remove
    const base = facts?.cgroupVersion === 2 ? ['/sys/fs/cgroup'] : ['memory', 'pids', 'cpu', 'cpuacct', 'cpuset', 'blkio', 'devices', 'freezer', 'hugetlb', 'systemd', 'net_cls', 'net_prio', 'perf_event', 'unified'].map((c) => `/sys/fs/cgroup/${c}`);
    for (const b of base) {
      try {
        rmdirSync(`${b}${cgroupParent}`);
      } catch {
        // not created in this hierarchy
      }
    }
  });

  /** A bundle with a busybox rootfs and a config.json from generateSpec. */
  function bundle(host: Partial<HostSettings>, args: string[], over: Partial<SpecInput> = {}): { id: string; dir: string; spec: RuntimeSpec } {
    const id = `${name}-test-${process.pid}-${++n}`;
    const b = join(dir, id);
    const rootfs = join(b, 'rootfs');
    for (const d of ['bin', 'proc', 'sys', 'dev', 'etc', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
    copyFileSync(BUSYBOX, join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    for (const applet of ['sh', 'cat', 'grep', 'id', 'hostname', 'ls', 'sleep', 'touch', 'unshare', 'mount', 'echo', 'wc', 'ps', 'cut', 'tr']) {
      symlinkSync('busybox', join(rootfs, 'bin', applet));
    }
    writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/tmp:/bin/sh\n');
    writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\napp:x:1000:\n');
    const spec = generateSpec({
      id,
      config: fixtureConfig({ hostname: `h-${n}` }),
      host: fixtureHost({ networkMode: 'none', runtime: name, ...host }),
      rootfsPath: rootfs,
      args,
      env: ['PATH=/bin'],
      cwd: '/',
      user: { uid: 0, gid: 0, additionalGids: [0] },
      cgroupsPath: `${cgroupParent}/${id}`,
      hostFacts: facts,
      extraMounts: [],
      ...over,
    });
    writeFileSync(join(b, 'config.json'), encodeOciJson(spec));
    return { id, dir: b, spec };
  }

  /** Runs a container to completion through runArgv (detached) and returns what it printed. */
  async function runScript(host: Partial<HostSettings>, script: string, over: Partial<SpecInput> = {}): Promise<Record<string, string>> {
    const { id, dir: b } = bundle(host, ['/bin/sh', '-c', script], over);
    started.push(id);
    const res = await run(runtime.runArgv(id, b, { pidFile: join(b, 'pid') }));
    assert.equal(res.code, 0, `${name} run failed: ${res.err}`);
    await runtime.delete(id, { force: true });
    return fields(res.out);
  }

  const PROBE = [
    'echo caps=$(grep CapEff /proc/self/status | cut -f2)',
    'echo seccomp=$(grep "^Seccomp:" /proc/self/status | cut -f2)',
    'echo hostname=$(hostname)',
    'echo uid=$(id -u)',
    'echo interrupts=$(cat /proc/interrupts | wc -c)',
    'echo kcore=$( [ -e /proc/kcore ] && cat /proc/kcore | wc -c || echo absent)',
    'echo firmware=$(ls /sys/firmware | wc -l)',
    'echo sys=$(grep " /sys sysfs " /proc/mounts | cut -d" " -f4 | cut -d, -f1)',
    'echo nofile=$(ulimit -n)',
    'unshare -U true 2>/dev/null; echo unshare=$?',
    'mount -t tmpfs none /tmp 2>/dev/null; echo mount=$?',
  ].join('; ');

  test(`${name}: default container has Docker's caps, seccomp, masks, read-only /sys and its limits`, async () => {
    const memory = 48 * MiB;
    const cgroupReads = facts.cgroupVersion === 2
      ? 'echo mem=$(cat /sys/fs/cgroup/memory.max); echo pids=$(cat /sys/fs/cgroup/pids.max)'
      : 'echo mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); echo pids=$(cat /sys/fs/cgroup/pids/pids.max)';
    const f = await runScript({ resources: { memory, pidsLimit: 33 } }, `${PROBE}; ${cgroupReads}`);
    assert.equal(f.caps, capabilityMask(DEFAULT_CAPABILITIES));
    assert.equal(f.seccomp, '2', 'a seccomp filter is installed');
    assert.equal(f.hostname, `h-${n}`);
    assert.equal(f.uid, '0');
    assert.equal(f.interrupts, '0', '/proc/interrupts is masked');
    assert.ok(f.kcore === 'absent' || f.kcore === '0', `/proc/kcore masked: ${f.kcore}`);
    assert.equal(f.firmware, '0', '/sys/firmware is masked');
    assert.equal(f.sys, 'ro');
    assert.equal(f.nofile, String(Math.min(1_048_576, facts.hardRlimits.nofile)));
    assert.equal(f.unshare, '1', 'unshare(CLONE_NEWUSER) needs no capability, so only seccomp can refuse it');
    assert.equal(f.mount, '1');
    assert.equal(f.mem, String(memory));
    assert.equal(f.pids, '33');
  });

  test(`${name}: seccomp=unconfined lets unshare -U through, proving the filter is what blocks it`, async () => {
    const f = await runScript({ securityOpt: ['seccomp=unconfined'] }, PROBE);
    assert.equal(f.seccomp, '0');
    assert.equal(f.unshare, '0');
  });

  test(`${name}: privileged container gets the daemon's bounding set, host devices, rw /sys, no seccomp`, async () => {
    const hostDevices = await listHostDevices();
    const f = await runScript({ privileged: true }, `${PROBE}; echo kmsg=$( [ -c /dev/kmsg ] && echo yes || echo no)`, {
      hostFacts: { ...facts, hostDevices },
    });
    assert.equal(f.caps, capabilityMask(facts.boundingCapabilities));
    assert.equal(f.seccomp, '0');
    assert.equal(f.sys, 'rw');
    assert.ok(Number(f.interrupts) > 0, '/proc/interrupts readable');
    assert.equal(f.mount, '0');
    if (hostDevices.some((d) => d.path === '/dev/kmsg')) assert.equal(f.kmsg, 'yes');
  });

  test(`${name}: --init, a non-root user, a read-only rootfs and a tmpfs`, async (t) => {
    if (!facts.initPath) return t.skip('no static init on this host');
    const f = await runScript(
      // /data does not exist in the image: runc 1.1 would give the tmpfs the mode of a directory it covers
      { init: true, readonlyRootfs: true, tmpfs: { '/data': 'size=1m,mode=1777' } },
      'echo pid1=$(cat /proc/1/cmdline | tr "\\0" " "); echo uid=$(id -u); echo caps=$(grep CapEff /proc/self/status | cut -f2); touch /x 2>/dev/null; echo rootw=$?; touch /data/x; echo dataw=$?',
      { user: { uid: 1000, gid: 1000, additionalGids: [1000] } },
    );
    assert.match(f.pid1 ?? '', /^\/sbin\/docker-init -- \/bin\/sh/);
    assert.equal(f.uid, '1000');
    assert.equal(f.caps, '0000000000000000', 'a non-root user keeps no effective capabilities');
    assert.equal(f.rootw, '1');
    assert.equal(f.dataw, '0');
  });

  test(`${name}: lifecycle: state, pids, exec, update, pause/resume, kill, delete`, async () => {
    const { id, dir: b, spec } = bundle({ resources: { memory: 64 * MiB } }, ['/bin/sleep', '1000']);
    started.push(id);
    const pidFile = join(b, 'pid');
    const launched = await run(runtime.runArgv(id, b, { pidFile }), { stdio: 'ignore' });
    assert.equal(launched.code, 0);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const state = await runtime.state(id);
    assert.equal(state?.status, 'running');
    assert.equal(state?.pid, pid);
    assert.equal(state?.id, id);
    assert.deepEqual(await runtime.pids(id), [pid]);

    // exec: the same capabilities and limits as the container, its own command
    const processJson = join(b, 'exec.json');
    const proc = execProcessSpec(spec.process, { args: ['/bin/sh', '-c', 'echo "$(id -u) $HOSTNAME" > /tmp/exec-out'], tty: false });
    writeFileSync(processJson, encodeOciJson(proc));
    const exec = await run(runtime.execArgv(id, processJson, { pidFile: join(b, 'exec.pid') }));
    assert.equal(exec.code, 0, exec.err);
    const execOut = join(b, 'rootfs/tmp/exec-out');
    assert.equal(await until('exec output', async () => (existsSync(execOut) ? readFileSync(execOut, 'utf8') : undefined)), `0 ${spec.hostname}\n`);

    await runtime.update(id, { memory: { limit: 96 * MiB, swap: 192 * MiB } });
    const limitFile = facts.cgroupVersion === 2
      ? `/sys/fs/cgroup${spec.linux.cgroupsPath}/memory.max`
      : `/sys/fs/cgroup/memory${spec.linux.cgroupsPath}/memory.limit_in_bytes`;
    assert.equal(readFileSync(limitFile, 'utf8').trim(), String(96 * MiB));

    await runtime.pause(id);
    assert.equal((await runtime.state(id))?.status, 'paused');
    await runtime.resume(id);
    assert.equal((await runtime.state(id))?.status, 'running');

    await runtime.kill(id, 'SIGKILL');
    await until('stopped', async () => ((await runtime.state(id))?.status === 'stopped' ? true : undefined));
    await runtime.delete(id);
    assert.equal(await runtime.state(id), null);
    await runtime.delete(id, { force: true }); // idempotent
    await assert.rejects(runtime.kill(id, 'TERM'), (e: unknown) => EngineError.is(e, 'not_found'));
    await assert.rejects(runtime.pids(id), (e: unknown) => EngineError.is(e, 'not_found'));
    await assert.rejects(runtime.pause(id), (e: unknown) => EngineError.is(e, 'not_found'));
  });

  test(`${name}: kill --all and delete --force on a running container`, async () => {
    const { id, dir: b } = bundle({}, ['/bin/sh', '-c', 'sleep 1000 & sleep 1000']);
    started.push(id);
    assert.equal((await run(runtime.runArgv(id, b, { pidFile: join(b, 'pid') }), { stdio: 'ignore' })).code, 0);
    await until('two processes', async () => ((await runtime.pids(id)).length === 2 ? true : undefined));
    await runtime.kill(id, 9, { all: true });
    await until('stopped', async () => ((await runtime.state(id))?.status === 'stopped' ? true : undefined));
    await runtime.delete(id, { force: true });
    assert.equal(await runtime.state(id), null);
  });

  test(`${name}: version`, async () => {
    const v = await runtime.version();
    assert.equal(v.name, name);
    assert.match(v.version, /^\d+\.\d+/);
  });
}
