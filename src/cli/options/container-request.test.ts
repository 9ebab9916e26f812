import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseArgs } from '../args/parse-args.js';
import { UsageError } from '../args/usage-error.js';
import { containerFlags } from './container-flags.js';
import { buildContainerOptions } from './container-request.js';

/**
 * Golden cases: each `expected` body is what the docker 28.2 CLI sent to a
 * scripted daemon for the same `docker create` arguments, with zero values
 * removed (docker spells out every default; berth leaves them to the daemon),
 * binds sorted, and ExposedPorts/Volumes reduced to their keys.
 */
const cases: { argv: string[]; name?: string; platform?: string; expected: Record<string, unknown> }[] = [
  {
    argv: ['busybox'],
    expected: { AttachStdout: true, AttachStderr: true, Image: 'busybox', HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'no' } } },
  },
  {
    argv: ['--name', 'n', '-e', 'A=1', '-e', 'B', '-e', 'NOPE', '--env-file', '@/envf', '-w', '/tmp', '-u', '1000:1000', '--entrypoint', '/bin/sh',
      '-h', 'host', '-l', 'a=b', '-l', 'c', '--label-file', '@/labf', '--init', '--restart', 'on-failure:3', 'busybox', '-c', 'echo hi'],
    name: 'n',
    expected: {
      Hostname: 'host', User: '1000:1000', AttachStdout: true, AttachStderr: true,
      Env: ['FOO=bar', 'SPACED=x y', 'FROMENV=hello', 'EMPTY=', 'A=1', 'B=bee', 'NOPE'], Cmd: ['-c', 'echo hi'], Image: 'busybox',
      WorkingDir: '/tmp', Entrypoint: ['/bin/sh'], Labels: { a: 'b', lab1: 'v1' },
      HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 }, Init: true },
    },
  },
  {
    argv: ['-m', '512m', '--memory-swap', '-1', '--memory-reservation', '256m', '--cpus', '1.5', '-c', '512', '--cpu-period', '100000',
      '--cpu-quota', '50000', '--cpuset-cpus', '0-1', '--pids-limit', '100', '--shm-size', '64m', '--oom-score-adj', '100',
      '--ulimit', 'nofile=1024:2048', '--ulimit', 'nproc=10', 'busybox'],
    expected: {
      AttachStdout: true, AttachStderr: true, Image: 'busybox',
      HostConfig: {
        NetworkMode: 'default', RestartPolicy: { Name: 'no' }, OomScoreAdj: 100, ShmSize: 67108864, CpuShares: 512, Memory: 536870912,
        NanoCpus: 1500000000, CpuPeriod: 100000, CpuQuota: 50000, CpusetCpus: '0-1', MemoryReservation: 268435456, MemorySwap: -1,
        PidsLimit: 100, Ulimits: [{ Name: 'nofile', Hard: 2048, Soft: 1024 }, { Name: 'nproc', Hard: 10, Soft: 10 }],
      },
    },
  },
  {
    argv: ['--privileged', '--cap-add', 'NET_ADMIN', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--read-only',
      '--tmpfs', '/run:size=64m', '--tmpfs', '/tmp', '--runtime', 'runc', '--stop-signal', 'SIGINT', '--stop-timeout', '5', 'busybox'],
    expected: {
      AttachStdout: true, AttachStderr: true, Image: 'busybox', StopSignal: 'SIGINT', StopTimeout: 5,
      HostConfig: {
        NetworkMode: 'default', RestartPolicy: { Name: 'no' }, CapAdd: ['CAP_NET_ADMIN'], CapDrop: ['ALL'], Privileged: true,
        ReadonlyRootfs: true, SecurityOpt: ['no-new-privileges'], Tmpfs: { '/run': 'size=64m' }, Runtime: 'runc',
      },
    },
  },
  {
    argv: ['--network', 'none', '-p', '8080:80', '-p', '127.0.0.1:9000:9000/udp', '-p', '3000', '-p', '7000-7001:8000-8001', '--expose', '5000',
      '-v', '/tmp:/data:ro', '-v', '/anon', '-v', 'named:/n', '--mount', 'type=bind,source=/tmp,target=/x,readonly',
      '--mount', 'type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=1770', '--mount', 'type=volume,src=v1,dst=/v,volume-nocopy',
      '--add-host', 'h:1.2.3.4', '--add-host', 'h2=::1', '--dns', '8.8.8.8', '--sysctl', 'net.ipv4.ip_forward=1', '--group-add', 'audio', 'busybox'],
    expected: {
      AttachStdout: true, AttachStderr: true, Image: 'busybox',
      ExposedPorts: ['3000/tcp', '5000/tcp', '80/tcp', '8000/tcp', '8001/tcp', '9000/udp'], Volumes: ['/anon'],
      HostConfig: {
        Binds: ['/tmp:/data:ro', 'named:/n'], NetworkMode: 'none',
        PortBindings: {
          '3000/tcp': [{}], '80/tcp': [{ HostPort: '8080' }], '8000/tcp': [{ HostPort: '7000' }], '8001/tcp': [{ HostPort: '7001' }],
          '9000/udp': [{ HostIp: '127.0.0.1', HostPort: '9000' }],
        },
        RestartPolicy: { Name: 'no' }, Dns: ['8.8.8.8'], ExtraHosts: ['h:1.2.3.4', 'h2:::1'], GroupAdd: ['audio'],
        Sysctls: { 'net.ipv4.ip_forward': '1' },
        Mounts: [
          { Type: 'bind', Source: '/tmp', Target: '/x', ReadOnly: true },
          { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1048576, Mode: 1016 } },
          { Type: 'volume', Source: 'v1', Target: '/v', VolumeOptions: { NoCopy: true } },
        ],
      },
    },
  },
  {
    argv: ['-it', '--entrypoint', '', 'busybox'],
    expected: {
      AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, OpenStdin: true, StdinOnce: true, Image: 'busybox',
      Entrypoint: [''], HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'no' } },
    },
  },
  {
    argv: ['-i', '-a', 'stdout', 'busybox'],
    expected: {
      AttachStdin: true, AttachStdout: true, OpenStdin: true, StdinOnce: true, Image: 'busybox',
      HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'no' } },
    },
  },
  {
    argv: ['-t', '--health-cmd', 'true', '--health-interval', '5s', '--domainname', 'd.com', '--ipc', 'host', '--pid', 'host',
      '--log-driver', 'json-file', '--log-opt', 'a=b', '--device', '/dev/null:/dev/xnull:r', '--memory-swappiness', '10',
      '--oom-kill-disable', '--platform', 'linux/amd64', '--pull', 'never', 'busybox'],
    platform: 'linux/amd64',
    expected: {
      Domainname: 'd.com', AttachStdout: true, AttachStderr: true, Tty: true,
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 5000000000 }, Image: 'busybox',
      HostConfig: {
        LogConfig: { Type: 'json-file', Config: { a: 'b' } }, NetworkMode: 'default', RestartPolicy: { Name: 'no' }, IpcMode: 'host',
        PidMode: 'host', Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'r' }],
        MemorySwappiness: 10, OomKillDisable: true,
      },
    },
  },
];

/** Drops zero values the way the expectations were reduced. */
function normalize(v: unknown, key = ''): unknown {
  if ((key === 'ExposedPorts' || key === 'Volumes') && v && typeof v === 'object') return Object.keys(v).sort();
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x));
    return key === 'Binds' ? items.sort() : items;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalize(x, k);
      const empty = n === null || n === undefined || n === '' || n === 0 || n === false
        || (Array.isArray(n) && n.length === 0) || (typeof n === 'object' && n !== null && !Array.isArray(n) && Object.keys(n).length === 0);
      if (!empty) out[k] = n;
    }
    return out;
  }
  return v;
}

describe('buildContainerOptions matches the bodies docker sends', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-opts-'));
    writeFileSync(path.join(dir, 'envf'), '# comment\nFOO=bar\n  SPACED=x y\nFROMENV\nUNSETVAR\nEMPTY=\n');
    writeFileSync(path.join(dir, 'labf'), 'lab1=v1\n# c\nlab2\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of cases) {
    test(c.argv.join(' '), () => {
      const argv = c.argv.map((a) => a.replace('@/', `${dir}/`));
      const opts = buildContainerOptions(parseArgs(argv, containerFlags, { interspersed: false }), { FROMENV: 'hello', B: 'bee' });
      assert.deepEqual(normalize(opts.body), c.expected);
      assert.equal(opts.name, c.name);
      assert.equal(opts.platform, c.platform);
    });
  }

  test('pull policy and quiet', () => {
    const opts = buildContainerOptions(parseArgs(['--pull', 'never', '-q', 'busybox'], containerFlags, { interspersed: false }), {});
    assert.equal(opts.pull, 'never');
    assert.equal(opts.quiet, true);
  });

  test('relative bind sources become absolute', () => {
    const opts = buildContainerOptions(parseArgs(['-v', './data:/data', 'busybox'], containerFlags, { interspersed: false }), {});
    assert.deepEqual(opts.body.HostConfig?.Binds, [`${path.resolve('data')}:/data`]);
  });

  test('user-defined networks get an endpoint with address and aliases', () => {
    const opts = buildContainerOptions(parseArgs(['--network', 'net1', '--ip', '10.0.0.5', '--network-alias', 'db', 'busybox'], containerFlags,
      { interspersed: false }), {});
    assert.deepEqual(opts.body.NetworkingConfig, { EndpointsConfig: { net1: { IPAMConfig: { IPv4Address: '10.0.0.5' }, Aliases: ['db'] } } });
  });
});

describe('docker flag errors', () => {
  const errors: [string[], string][] = [
    [['-m', 'abc', 'busybox'], 'invalid argument "abc" for "-m, --memory" flag: invalid size: \'abc\''],
    [['--cpus', 'x', 'busybox'], 'invalid argument "x" for "--cpus" flag: failed to parse x as a rational number'],
    [['--ulimit', 'nofile=10:5', 'busybox'], 'invalid argument "nofile=10:5" for "--ulimit" flag: ulimit soft limit must be less than or equal to hard limit: 10 > 5'],
    [['--ulimit', 'bogus=1', 'busybox'], 'invalid argument "bogus=1" for "--ulimit" flag: invalid ulimit type: bogus'],
    [['-a', 'stdfoo', 'busybox'], 'invalid argument "stdfoo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR'],
    [['--add-host', 'h:notanip', 'busybox'], 'invalid argument "h:notanip" for "--add-host" flag: invalid IP address in add-host: "notanip"'],
    [['--mount', 'type=bind,source=/a', 'busybox'], 'invalid argument "type=bind,source=/a" for "--mount" flag: target is required'],
    [['-e', '=x', 'busybox'], 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x'],
  ];
  for (const [argv, message] of errors) {
    test(argv.join(' '), () => assert.throws(() => parseArgs(argv, containerFlags, { interspersed: false }),
      (err: unknown) => err instanceof UsageError && err.message === message));
  }

  test('values docker checks after parsing', () => {
    const build = (argv: string[]) => () => buildContainerOptions(parseArgs(argv, containerFlags, { interspersed: false }), {});
    assert.throws(build(['--restart', 'on-failure:x', 'busybox']), { message: 'invalid restart policy format: maximum retry count must be an integer' });
    assert.throws(build(['--restart', ':3', 'busybox']), { message: 'invalid restart policy format: no policy provided before colon' });
    assert.throws(build(['--pull', 'sometimes', 'busybox']), { message: 'invalid pull option: \'sometimes\': must be one of "always", "missing" or "never"' });
  });

  test('--rm with --restart', () => {
    assert.throws(() => buildContainerOptions(parseArgs(['--rm', '--restart', 'always', 'busybox'], containerFlags, { interspersed: false }), {}),
      { message: 'conflicting options: cannot specify both --restart and --rm' });
  });

  test('bad -p', () => {
    assert.throws(() => buildContainerOptions(parseArgs(['-p', '80/foo', 'busybox'], containerFlags, { interspersed: false }), {}), { message: 'invalid proto: foo' });
    assert.throws(() => buildContainerOptions(parseArgs(['-p', '1-3:80-81', 'busybox'], containerFlags, { interspersed: false }), {}),
      { message: 'invalid ranges specified for container and host Ports: 80-81 and 1-3' });
  });
});
