import { hostname } from 'node:os';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => { await d?.[Symbol.asyncDispose](); });

/** Docker's default capability set (moby's defaultCapabilities), as /proc/self/status shows it. */
const DOCKER_DEFAULT_CAPS = '00000000a80425fb';
const CAP_SYS_ADMIN_BIT = 1n << 21n;

const inContainer = (args: string[], script: string) => docker.ok(['run', '--rm', ...args, 'busybox', 'sh', '-c', script]);
const statusField = (status: string, field: string) => new RegExp(`^${field}:\\s*(\\S+)`, 'm').exec(status)?.[1];
const hostStatus = readFileSync('/proc/self/status', 'utf8');

function cgroupParent(): string {
  return `berth-${createHash('sha256').update(d.dataRoot).digest('hex').slice(0, 12)}`;
}

for (const runtime of ['crun', 'runc']) {
  describe(`namespaces and defaults (${runtime})`, () => {
    const rt = ['--runtime', runtime];

    test('own pid, uts, ipc, mount, net and cgroup namespaces; the host user namespace', async () => {
      const kinds = ['pid', 'uts', 'ipc', 'mnt', 'net', 'cgroup', 'user'];
      const inside = (await inContainer(rt, kinds.map((k) => `readlink /proc/self/ns/${k}`).join('; '))).split('\n');
      kinds.forEach((k, i) => {
        const host = readlinkSync(`/proc/self/ns/${k}`); // this test runs in the host namespaces, as berthd does
        if (k === 'user') assert.equal(inside[i], host, 'no user namespace by default, as Docker');
        else assert.notEqual(inside[i], host, `${k} namespace is the host's`);
        assert.match(inside[i]!, new RegExp(`^${k}:\\[\\d+\\]$`));
      });
    });

    test('its own network namespace: loopback and its end of the bridge veth, no host interface', async () => {
      const out = await inContainer(rt, 'ip -o link | cut -d: -f2 | cut -d@ -f1; tail -n +3 /proc/net/dev | cut -d: -f1');
      assert.deepEqual(out.split('\n').map((s) => s.trim()).sort(), ['eth0', 'eth0', 'lo', 'lo']);
    });

    test('pid 1 is the command, and no host process is visible', async () => {
      // sh itself, and ls: a glob is expanded by the shell, without a fork.
      assert.equal(await inContainer(rt, 'echo $$; set -- /proc/[0-9]*; echo $#; ls -d /proc/[0-9]*'), '1\n1\n/proc/1');
    });

    test('the rootfs is an overlay', async () => {
      assert.match(await inContainer(rt, 'grep " / " /proc/mounts'), /^overlay \/ overlay rw,/);
    });

    test('masked and read-only kernel paths', async () => {
      const out = await inContainer(rt, [
        'stat -c "%F %t,%T" /proc/keys /proc/timer_list', 'wc -c < /proc/keys',
        'echo x > /proc/sys/kernel/hostname 2>/dev/null && echo sys-writable || echo sys-readonly',
        'echo 1 > /proc/sysrq-trigger 2>/dev/null && echo sysrq-writable || echo sysrq-readonly',
        'ls /sys/firmware | wc -l',
        'grep -E " /proc/(sys|bus|fs|irq) " /proc/mounts | cut -d" " -f4 | cut -d, -f1 | sort -u',
      ].join('; '));
      assert.deepEqual(out.split('\n').map((s) => s.trim()), [
        'character special file 1,3', 'character special file 1,3', '0', 'sys-readonly', 'sysrq-readonly', '0', 'ro',
      ]);
    });

    test('Docker default capabilities, seccomp filter, no no_new_privs', async () => {
      const s = await inContainer(rt, 'cat /proc/self/status');
      assert.equal(statusField(s, 'CapEff'), DOCKER_DEFAULT_CAPS);
      assert.equal(statusField(s, 'CapPrm'), DOCKER_DEFAULT_CAPS);
      assert.equal(statusField(s, 'CapBnd'), DOCKER_DEFAULT_CAPS);
      assert.equal(statusField(s, 'CapInh'), '0000000000000000');
      assert.equal(statusField(s, 'Seccomp'), '2');
      assert.equal(statusField(s, 'NoNewPrivs'), '0');
    });

    test('a non-root user gets no effective capabilities', async () => {
      const s = await inContainer([...rt, '-u', '1000'], 'cat /proc/self/status');
      assert.equal(statusField(s, 'CapEff'), '0000000000000000');
      assert.equal(statusField(s, 'CapBnd'), DOCKER_DEFAULT_CAPS);
    });

    test('the container cgroup is its own, under the daemon parent', async () => {
      const id = await docker.ok(['run', '-d', ...rt, 'busybox', 'sleep', '30']);
      try {
        const pid = await docker.ok(['inspect', '-f', '{{.State.Pid}}', id]);
        const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').filter((l) => /:(memory|pids|cpu,cpuacct|cpu):/.test(l));
        assert.ok(lines.length > 0);
        for (const l of lines) assert.match(l, new RegExp(`:/${cgroupParent()}/${id}$`), l);
        assert.match(await docker.ok(['exec', id, 'cat', '/proc/self/cgroup']), /memory:\/$/m, 'cgroupns: the container sees itself at the root');
      } finally {
        await docker.ok(['rm', '-f', id]);
      }
    });
  });
}

describe('sharing host namespaces', () => {
  test('--network host shares the host network; --network none has loopback only', async () => {
    const hostLinks = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).filter(Boolean).length;
    assert.equal(await inContainer(['--network', 'host'], 'tail -n +3 /proc/net/dev | wc -l'), String(hostLinks));
    assert.equal(await inContainer(['--network', 'host'], 'readlink /proc/self/ns/net'), readlinkSync('/proc/self/ns/net'));
    assert.equal(await inContainer(['--network', 'none'], 'ip -o link | cut -d: -f2 | tr -d " "'), 'lo');
  });

  const modes: Array<{ flag: string; ns: string }> = [{ flag: '--pid', ns: 'pid' }, { flag: '--ipc', ns: 'ipc' }, { flag: '--uts', ns: 'uts' }];
  for (const m of modes) {
    test(`${m.flag} host shares the host ${m.ns} namespace`, async () => {
      assert.equal(await inContainer([m.flag, 'host'], `readlink /proc/self/ns/${m.ns}`), readlinkSync(`/proc/self/ns/${m.ns}`));
    });
  }

  test('--uts host keeps the host name (and refuses -h with it); --pid container:X joins X', async () => {
    assert.equal(await inContainer(['--uts', 'host'], 'hostname'), hostname());
    await docker.fails(125, ['run', '--rm', '--uts', 'host', '-h', 'x', 'busybox', 'true']);
    const id = await docker.ok(['run', '-d', 'busybox', 'sleep', '60']);
    try {
      const want = await docker.ok(['exec', id, 'readlink', '/proc/self/ns/pid']);
      assert.equal(await inContainer(['--pid', `container:${id}`], 'readlink /proc/self/ns/pid'), want);
      assert.match(await inContainer(['--pid', `container:${id}`], 'ps -o comm'), /sleep/);
    } finally {
      await docker.ok(['rm', '-f', id]);
    }
  });

  test('bad namespace modes are 400s', async () => {
    for (const args of [['--pid', 'nope'], ['--ipc', 'sideways'], ['--uts', 'container:x']]) {
      const r = await docker.fails(125, ['run', '--rm', ...args, 'busybox', 'true']);
      assert.match(r.stderr, /invalid (PID|IPC|UTS) mode/);
    }
  });
});

describe('security options', () => {
  const hostBounding = statusField(hostStatus, 'CapBnd')!;
  const caps: Array<{ name: string; args: string[]; want: (status: string) => void }> = [
    { name: '--cap-drop ALL', args: ['--cap-drop', 'ALL'], want: (s) => assert.equal(statusField(s, 'CapEff'), '0000000000000000') },
    { name: '--cap-add SYS_ADMIN', args: ['--cap-add', 'SYS_ADMIN'],
      want: (s) => assert.equal(BigInt(`0x${statusField(s, 'CapEff')}`), BigInt(`0x${DOCKER_DEFAULT_CAPS}`) | CAP_SYS_ADMIN_BIT) },
    { name: '--cap-drop ALL --cap-add CHOWN', args: ['--cap-drop', 'ALL', '--cap-add', 'CHOWN'],
      want: (s) => assert.equal(statusField(s, 'CapEff'), '0000000000000001') },
    { name: '--privileged: the daemon bounding set, no seccomp', args: ['--privileged'], want: (s) => {
      assert.equal(statusField(s, 'CapEff'), hostBounding);
      assert.equal(statusField(s, 'CapBnd'), hostBounding);
      assert.equal(statusField(s, 'Seccomp'), '0');
    } },
    { name: 'seccomp=unconfined', args: ['--security-opt', 'seccomp=unconfined'], want: (s) => assert.equal(statusField(s, 'Seccomp'), '0') },
    { name: 'no-new-privileges', args: ['--security-opt', 'no-new-privileges'], want: (s) => assert.equal(statusField(s, 'NoNewPrivs'), '1') },
    { name: 'no-new-privileges with runc', args: ['--runtime', 'runc', '--security-opt', 'no-new-privileges:true'],
      want: (s) => assert.equal(statusField(s, 'NoNewPrivs'), '1') },
  ];
  for (const c of caps) {
    test(c.name, async () => c.want(await inContainer(c.args, 'cat /proc/self/status')));
  }

  test('the default seccomp profile refuses what Docker refuses', async () => {
    // unshare(CLONE_NEWUSER... ) and mount are blocked for an unprivileged-capability container.
    const out = await inContainer([], 'mount -t tmpfs none /tmp 2>&1 || echo mount-refused; unshare -n true 2>&1 || echo unshare-refused');
    assert.match(out, /mount-refused/);
    assert.match(out, /unshare-refused/);
  });

  test('--privileged can mount', async () => {
    assert.equal(await inContainer(['--privileged'], 'mount -t tmpfs none /tmp && echo mounted'), 'mounted');
  });
});

describe('filesystem options', () => {
  test('--read-only: writes to the rootfs fail, /dev and /tmp-less paths still work', async () => {
    const r = await d.docker(['run', '--rm', '--read-only', 'busybox', 'sh', '-c', 'touch /etc/x; echo $?; echo ok > /dev/null && echo dev-ok']);
    assert.match(r.stderr, /Read-only file system/);
    assert.equal(r.stdout, '1\ndev-ok\n');
  });

  test('--tmpfs with a size is mounted and writable, also on a read-only rootfs', async () => {
    const out = await inContainer(['--read-only', '--tmpfs', '/run:size=1m'],
      'grep " /run " /proc/mounts; df -k /run | tail -1 | awk "{print \\$2}"; echo hi > /run/f && cat /run/f');
    const [mount, size, written] = out.split('\n');
    assert.match(mount!, /^tmpfs \/run tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k/);
    assert.equal(size, '1024');
    assert.equal(written, 'hi');
  });

  test('/dev/shm is a 64 MB tmpfs, and --shm-size changes it', async () => {
    assert.match(await inContainer([], 'grep " /dev/shm " /proc/mounts'), /size=65536k/);
    assert.match(await inContainer(['--shm-size', '8m'], 'grep " /dev/shm " /proc/mounts'), /size=8192k/);
  });

  test('--ulimit nofile', async () => {
    assert.equal(await inContainer(['--ulimit', 'nofile=1024:2048'], 'ulimit -n; ulimit -Hn'), '1024\n2048');
  });
});

describe('resource limits', () => {
  const v1 = readFileSync('/proc/self/mountinfo', 'utf8').includes(' /sys/fs/cgroup/memory ');

  const limits: Array<{ name: string; args: string[]; files: Record<string, string> }> = v1 ? [
    { name: '-m 64m', args: ['-m', '64m'], files: { 'memory/memory.limit_in_bytes': String(64 * 1024 * 1024), 'memory/memory.memsw.limit_in_bytes': String(128 * 1024 * 1024) } },
    { name: '--memory-swap', args: ['-m', '64m', '--memory-swap', '96m'], files: { 'memory/memory.memsw.limit_in_bytes': String(96 * 1024 * 1024) } },
    { name: '--cpus 0.5', args: ['--cpus', '0.5'], files: { 'cpu/cpu.cfs_quota_us': '50000', 'cpu/cpu.cfs_period_us': '100000' } },
    { name: '--cpu-shares 512', args: ['--cpu-shares', '512'], files: { 'cpu/cpu.shares': '512' } },
    { name: '--pids-limit 20', args: ['--pids-limit', '20'], files: { 'pids/pids.max': '20' } },
    { name: '--cpuset-cpus 0', args: ['--cpuset-cpus', '0'], files: { 'cpuset/cpuset.cpus': '0' } },
  ] : [
    { name: '-m 64m', args: ['-m', '64m'], files: { 'memory.max': String(64 * 1024 * 1024), 'memory.swap.max': String(64 * 1024 * 1024) } },
    { name: '--cpus 0.5', args: ['--cpus', '0.5'], files: { 'cpu.max': '50000 100000' } },
    { name: '--pids-limit 20', args: ['--pids-limit', '20'], files: { 'pids.max': '20' } },
  ];
  for (const l of limits) {
    test(`${l.name}: seen inside the container and on the host`, async () => {
      const paths = Object.keys(l.files);
      const inside = await inContainer(l.args, paths.map((p) => `cat /sys/fs/cgroup/${p}`).join('; '));
      assert.deepEqual(inside.split('\n'), Object.values(l.files));
      const id = await docker.ok(['run', '-d', ...l.args, 'busybox', 'sleep', '30']);
      try {
        for (const [p, want] of Object.entries(l.files)) {
          const [controller, file] = v1 ? p.split('/') as [string, string] : ['', p];
          const hostPath = v1 ? `/sys/fs/cgroup/${controller}/${cgroupParent()}/${id}/${file}` : `/sys/fs/cgroup/${cgroupParent()}/${id}/${file}`;
          assert.equal(readFileSync(hostPath, 'utf8').trim(), want, hostPath);
        }
      } finally {
        await docker.ok(['rm', '-f', id]);
      }
    });
  }

  test('--pids-limit stops a fork loop', async () => {
    const r = await d.docker(['run', '--rm', '--pids-limit', '20', 'busybox', 'sh', '-c',
      // The inner shell gives up at the first failed fork; its sleeps stay, children of pid 1.
      "sh -c 'for i in $(seq 1 40); do sleep 5 & done'; set -- /proc/[0-9]*; echo forked $#"]);
    assert.match(r.stdout + r.stderr, /can't fork|Resource temporarily unavailable/);
    const n = Number(/forked (\d+)/.exec(r.stdout)?.[1]);
    assert.ok(n <= 20, `${n} processes`);
  });

  for (const runtime of ['crun', 'runc']) {
    test(`OOM: the kernel kills it, inspect says OOMKilled, exit 137 (${runtime})`, async () => {
      const name = `oom-${runtime}`;
      const r = await d.docker(['run', '--name', name, '--runtime', runtime, '-m', '16m', '--memory-swap', '16m', 'busybox', 'sh', '-c', 'x=a; while true; do x=$x$x; done'],
        { timeoutMs: 30_000 });
      assert.equal(r.code, 137, r.stderr);
      assert.equal(await docker.ok(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}}', name]), 'true 137');
      await docker.ok(['rm', name]);
    });
  }

  test('a container that is not OOM killed says so', async () => {
    await docker.ok(['run', '--name', 'no-oom', '-m', '16m', 'busybox', 'true']);
    assert.equal(await docker.ok(['inspect', '-f', '{{.State.OOMKilled}}', 'no-oom']), 'false');
    await docker.ok(['rm', 'no-oom']);
  });
});
