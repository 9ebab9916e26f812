import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon, DOCKER, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';
import { waitFor } from './wait-for.js';

let d: BerthDaemon;
let scratch: string;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  scratch = mkdtempSync('/var/tmp/berth-containers-');
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const inspect = (ref: string, format: string) => docker.ok(['inspect', '-f', format, ref]);
const status = (ref: string) => inspect(ref, '{{.State.Status}}');

/** Runs a docker command line under a pseudo-terminal of a known size (util-linux `script`). */
function underTerminal(commandLine: string) {
  return runCommand('script', ['-qec', `stty rows 30 cols 100; ${DOCKER} ${commandLine}`, '/dev/null'], { env: { DOCKER_HOST: d.host } });
}

describe('docker run flags', () => {
  const cases: Array<{ name: string; args: string[]; want: string | RegExp; env?: Record<string, string> }> = [
    { name: '-e, and -e NAME from the client environment', args: ['-e', 'A=1', '-e', 'FROMHOST', 'busybox', 'sh', '-c', 'echo $A $FROMHOST'],
      want: '1 host-value', env: { FROMHOST: 'host-value' } },
    { name: '-w', args: ['-w', '/var/spool/new', 'busybox', 'pwd'], want: '/var/spool/new' },
    { name: '-u uid:gid', args: ['-u', '1000:1000', 'busybox', 'id'], want: 'uid=1000(user) gid=1000(user) groups=1000(user)' },
    { name: '-u name', args: ['-u', 'nobody', 'busybox', 'id'], want: 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)' },
    { name: '-u unknown uid', args: ['-u', '4242', 'busybox', 'id', '-u'], want: '4242' },
    { name: '--entrypoint', args: ['--entrypoint', 'echo', 'busybox', 'from', 'entrypoint'], want: 'from entrypoint' },
    { name: '--hostname', args: ['--hostname', 'box-one', 'busybox', 'hostname'], want: 'box-one' },
    { name: 'the default hostname is the short id', args: ['busybox', 'hostname'], want: /^[0-9a-f]{12}$/ },
    { name: '--init makes docker-init pid 1', args: ['--init', 'busybox', 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; echo $$'],
      want: /^\S*docker-init -- sh -c .*\n\d+$/ },
    { name: 'without --init the command is pid 1', args: ['busybox', 'sh', '-c', 'echo $$'], want: '1' },
    { name: 'the image ENV is there with HOME and HOSTNAME', args: ['busybox', 'sh', '-c', 'echo $PATH $HOME; [ -n "$HOSTNAME" ] && echo has-hostname'],
      want: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /root\nhas-hostname' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const out = await docker.ok(['run', '--rm', ...c.args], c.env ? { env: c.env } : {});
      if (typeof c.want === 'string') assert.equal(out, c.want);
      else assert.match(out, c.want);
    });
  }

  test('--env-file', async () => {
    const file = join(scratch, 'env.list');
    writeFileSync(file, '# a comment\nFIRST=one\nSECOND=two words\n\nTHIRD\n');
    assert.equal(await docker.ok(['run', '--rm', '--env-file', file, 'busybox', 'sh', '-c', 'echo "$FIRST|$SECOND|$THIRD"'], { env: { THIRD: 'from-client' } }),
      'one|two words|from-client');
  });

  test('-i pipes stdin', async () => {
    assert.equal(await docker.ok(['run', '-i', '--rm', 'busybox', 'cat'], { input: 'hi\n' }), 'hi');
    const big = 'x'.repeat(200_000) + '\n';
    assert.equal(await docker.ok(['run', '-i', '--rm', 'busybox', 'wc', '-c'], { input: big }), String(big.length));
  });

  test('-i and stdout carry megabytes intact', async () => {
    const input = Buffer.alloc(3_000_000);
    for (let i = 0; i < input.length; i++) input[i] = (i * 7919) & 0xff;
    const { createHash } = await import('node:crypto');
    assert.equal(await docker.ok(['run', '-i', '--rm', 'busybox', 'md5sum'], { input }), `${createHash('md5').update(input).digest('hex')}  -`);
    const out = await docker.ok(['run', '--rm', 'busybox', 'seq', '1', '300000']);
    assert.equal(out, Array.from({ length: 300_000 }, (_, i) => i + 1).join('\n'));
  });

  test('without -i stdin is empty', async () => {
    assert.equal(await docker.ok(['run', '--rm', 'busybox', 'cat'], { input: 'not for you\n' }), '');
  });

  test('stdout and stderr stay apart', async () => {
    const r = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
  });

  test('--name, --label and -d', async () => {
    const id = await docker.ok(['run', '-d', '--name', 'named-one', '--label', 'team=blue', '--label', 'empty=', 'busybox', 'sleep', '60']);
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal(await inspect('named-one', '{{.Id}} {{.Name}} {{json .Config.Labels}}'), `${id} /named-one {"empty":"","team":"blue"}`);
    assert.equal(await status(id.slice(0, 12)), 'running');
    const r = await docker.fails(125, ['run', '-d', '--name', 'named-one', 'busybox', 'true']);
    assert.match(r.stderr, /Conflict\. The container name "\/named-one" is already in use/);
    await docker.ok(['rm', '-f', 'named-one']);
  });

  test('--rm removes the container after it exits', async () => {
    await docker.ok(['run', '--rm', '--name', 'removed-after', 'busybox', 'true']);
    assert.equal(await docker.ok(['ps', '-aq', '--filter', 'name=removed-after']), '');
    assert.equal((await d.api('GET', '/containers/removed-after/json')).status, 404);
  });

  test('a read-only bind mount shows in Mounts', async () => {
    const dir = join(scratch, 'bind');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'in.txt'), 'from host\n');
    const r = await d.docker(['run', '--name', 'binds', '-v', `${dir}:/data:ro`, 'busybox', 'sh', '-c', 'cat /data/in.txt; touch /data/new']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'from host\n');
    assert.match(r.stderr, /Read-only file system/);
    const mounts = JSON.parse(await inspect('binds', '{{json .Mounts}}'));
    assert.deepEqual(mounts.map((m: any) => [m.Type, m.Source, m.Destination, m.RW]), [['bind', dir, '/data', false]]);
    await docker.ok(['rm', 'binds']);
  });
});

describe('exit codes', () => {
  const cases: Array<{ name: string; args: string[]; code: number; stderr?: RegExp }> = [
    { name: 'the process exit code', args: ['busybox', 'sh', '-c', 'exit 3'], code: 3 },
    // Not as pid 1: the kernel ignores a SIGKILL a namespace's init sends itself.
    { name: 'killed by a signal', args: ['--init', 'busybox', 'sh', '-c', 'kill -9 $$'], code: 137 },
    { name: 'a bad flag', args: ['--no-such-flag', 'busybox'], code: 125, stderr: /unknown flag: --no-such-flag/ },
    { name: 'an engine error (bad memory)', args: ['-m', '1k', 'busybox', 'true'], code: 125, stderr: /Minimum memory limit allowed is 6MB/ },
    { name: 'an unknown image', args: ['no-such-image:1', 'true'], code: 125, stderr: /no-such-image/ },
    { name: 'not executable', args: ['busybox', '/etc/passwd'], code: 126, stderr: /permission denied/i },
    { name: 'not found', args: ['busybox', 'no-such-command'], code: 127, stderr: /executable file not found|no-such-command/ },
    { name: 'not found by path', args: ['busybox', '/no/such/file'], code: 127 },
  ];
  for (const c of cases) {
    test(`${c.name} -> ${c.code}`, async () => {
      const r = await docker.fails(c.code, ['run', '--rm', ...c.args]);
      if (c.stderr) assert.match(r.stderr, c.stderr);
    });
  }

  test('a failed start leaves the exit code in inspect', async () => {
    await docker.fails(127, ['run', '--name', 'failed-start', 'busybox', 'no-such-command']);
    assert.equal(await inspect('failed-start', '{{.State.Status}} {{.State.ExitCode}}'), 'created 127');
    assert.match(await inspect('failed-start', '{{.State.Error}}'), /no-such-command/);
    await docker.ok(['rm', 'failed-start']);
  });
});

describe('restart policies', () => {
  test('on-failure:2 restarts exactly twice', async () => {
    await docker.ok(['run', '-d', '--name', 'on-failure', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'exit 3']);
    await waitFor('two restarts and a final exit', async () => {
      const s = await inspect('on-failure', '{{.RestartCount}} {{.State.Status}}');
      return s === '2 exited' ? s : undefined;
    });
    await sleep(1000);
    assert.equal(await inspect('on-failure', '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}'), '2 exited 3');
    assert.equal(await inspect('on-failure', '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}'), 'on-failure:2');
  });

  test('on-failure does not restart after exit 0', async () => {
    await docker.ok(['run', '-d', '--name', 'on-failure-ok', '--restart', 'on-failure', 'busybox', 'true']);
    await waitFor('the exit', async () => ((await status('on-failure-ok')) === 'exited' ? true : undefined));
    await sleep(500);
    assert.equal(await inspect('on-failure-ok', '{{.RestartCount}} {{.State.Status}}'), '0 exited');
  });

  test('always restarts after the process exits, and docker stop stops it for good', async () => {
    await docker.ok(['run', '-d', '--name', 'always', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.2']);
    await waitFor('a restart', async () => (Number(await inspect('always', '{{.RestartCount}}')) >= 2 ? true : undefined));
    await docker.ok(['stop', '-t', '1', 'always']);
    const after = await inspect('always', '{{.RestartCount}} {{.State.Status}}');
    assert.match(after, / exited$/);
    await sleep(1000);
    assert.equal(await inspect('always', '{{.RestartCount}} {{.State.Status}}'), after);
  });

  test('docker kill of an always container does not restart it either', async () => {
    await docker.ok(['run', '-d', '--name', 'always-killed', '--restart', 'always', 'busybox', 'sleep', '60']);
    await docker.ok(['kill', 'always-killed']);
    await waitFor('the exit', async () => ((await status('always-killed')) === 'exited' ? true : undefined));
    await sleep(600);
    assert.equal(await inspect('always-killed', '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}'), '0 exited 137');
  });
});

describe('ps', () => {
  const ids: Record<string, string> = {};
  before(async () => {
    await docker.ok(['rm', '-f', ...(await docker.ok(['ps', '-aq'])).split('\n').filter(Boolean)]).catch(() => undefined);
    await importBusybox(d, 'other-image:1');
    ids.up = await docker.ok(['run', '-d', '--name', 'ps-up', '--label', 'role=web', 'busybox', 'sleep', '60']);
    ids.done = await docker.ok(['create', '--name', 'ps-created', '--label', 'role=db', 'busybox', 'true']);
    ids.exited = await docker.ok(['run', '-d', '--name', 'ps-exited', 'other-image:1', 'sh', '-c', 'exit 4']);
    await docker.ok(['wait', 'ps-exited']);
  });

  const names = async (...args: string[]) => (await docker.ok(['ps', '--format', '{{.Names}}', ...args])).split('\n').filter(Boolean).sort();

  const cases: Array<{ args: string[]; want: string[] }> = [
    { args: [], want: ['ps-up'] },
    { args: ['-a'], want: ['ps-created', 'ps-exited', 'ps-up'] },
    { args: ['-a', '--filter', 'status=exited'], want: ['ps-exited'] },
    { args: ['-a', '--filter', 'status=created'], want: ['ps-created'] },
    { args: ['-a', '--filter', 'status=created', '--filter', 'status=running'], want: ['ps-created', 'ps-up'] },
    { args: ['-a', '--filter', 'exited=4'], want: ['ps-exited'] },
    { args: ['-a', '--filter', 'name=ps-e'], want: ['ps-exited'] },
    { args: ['-a', '--filter', 'name=^ps-(up|created)$'], want: ['ps-created', 'ps-up'] },
    { args: ['-a', '--filter', 'label=role'], want: ['ps-created', 'ps-up'] },
    { args: ['-a', '--filter', 'label=role=db'], want: ['ps-created'] },
    { args: ['-a', '--filter', 'ancestor=other-image:1'], want: ['ps-exited'] },
    { args: ['-a', '--filter', 'ancestor=busybox'], want: ['ps-created', 'ps-up'] },
    { args: ['-a', '--filter', 'name=ps-', '--filter', 'label=role=web'], want: ['ps-up'] },
  ];
  for (const c of cases) {
    test(`ps ${c.args.join(' ')}`, async () => assert.deepEqual(await names(...c.args), c.want));
  }

  test('ps --filter id= and -q', async () => {
    assert.equal(await docker.ok(['ps', '-q', '--filter', `id=${ids.up!.slice(0, 8)}`]), ids.up!.slice(0, 12));
    assert.equal(await docker.ok(['ps', '-aq', '--no-trunc', '--filter', `id=${ids.done}`]), ids.done);
  });

  test('ps --format fields', async () => {
    const row = await docker.ok(['ps', '-a', '--filter', 'name=ps-exited', '--format', '{{.ID}}|{{.Image}}|{{.Command}}|{{.Status}}|{{.Names}}|{{.Label "x"}}']);
    assert.match(row, new RegExp(`^${ids.exited!.slice(0, 12)}\\|other-image:1\\|"sh -c 'exit 4'"\\|Exited \\(4\\) .* ago\\|ps-exited\\|$`));
    const up = await docker.ok(['ps', '--format', '{{.Status}}|{{.Labels}}', '--filter', 'name=ps-up']);
    assert.match(up, /^Up .*\|role=web$/);
  });

  test('an unknown filter is an error', async () => {
    const r = await d.docker(['ps', '--filter', 'colour=red']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /invalid filter 'colour'/);
  });
});

describe('logs', () => {
  before(async () => {
    // stdout and stderr are two pipes: a pause after each line fixes their order in the log.
    await docker.ok(['run', '-d', '--name', 'logger', 'busybox', 'sh', '-c',
      'for i in 1 2 3 4 5; do echo line$i; sleep 0.02; echo err$i >&2; sleep 0.02; done; sleep 1.2; echo late']);
    await docker.ok(['wait', 'logger']);
  });

  test('everything, stdout and stderr apart', async () => {
    const r = await d.docker(['logs', 'logger']);
    assert.equal(r.stdout, 'line1\nline2\nline3\nline4\nline5\nlate\n');
    assert.equal(r.stderr, 'err1\nerr2\nerr3\nerr4\nerr5\n');
  });

  test('--tail', async () => {
    const r = await d.docker(['logs', '--tail', '3', 'logger']);
    assert.equal(r.stdout + r.stderr, 'line5\nlate\nerr5\n');
    assert.equal((await d.docker(['logs', '--tail', '0', 'logger'])).stdout, '');
    // As Docker: a negative or unparsable tail (dockerode sends -1) means every line, never an error.
    for (const tail of ['-1', 'many']) {
      const r = await d.api('GET', `/containers/logger/logs?stdout=1&tail=${tail}`);
      assert.equal(r.status, 200);
      assert.ok(r.text.includes('line1') && r.text.includes('line5'), `every line for tail=${tail}`);
    }
  });

  test('-t prefixes RFC 3339 nano times', async () => {
    const lines = (await docker.ok(['logs', '-t', 'logger'])).split('\n');
    assert.equal(lines.length, 6);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z (line\d|late)$/);
  });

  test('--since and --until', async () => {
    const lines = (await docker.ok(['logs', '-t', 'logger'])).split('\n');
    const t5 = lines[4]!.split(' ')[0]!;
    const tLate = lines[5]!.split(' ')[0]!;
    const mid = ((Date.parse(t5) + Date.parse(tLate)) / 2 / 1000).toFixed(3);
    assert.equal(await docker.ok(['logs', '--since', mid, 'logger']), 'late');
    assert.equal((await d.docker(['logs', '--until', mid, 'logger'])).stdout, 'line1\nline2\nline3\nline4\nline5\n');
  });

  test('-f follows until the container exits', async () => {
    await docker.ok(['run', '-d', '--name', 'follower', 'busybox', 'sh', '-c', 'echo a; sleep 0.5; echo b; sleep 0.5; echo c']);
    const r = await d.docker(['logs', '-f', 'follower'], { timeoutMs: 10_000 });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'a\nb\nc\n');
    assert.equal(await status('follower'), 'exited', 'it followed until the exit');
  });

  test('-f --tail 1 on a running container shows new lines', async () => {
    await docker.ok(['run', '-d', '--name', 'ticker', 'busybox', 'sh', '-c', 'i=0; while [ $i -lt 6 ]; do echo tick$i; i=$((i+1)); sleep 0.3; done']);
    await sleep(700);
    const r = await d.docker(['logs', '-f', '--tail', '1', 'ticker'], { timeoutMs: 10_000 });
    const got = r.stdout.split('\n').filter(Boolean);
    assert.ok(got.length >= 3 && got.length <= 5, r.stdout);
    assert.equal(got[got.length - 1], 'tick5');
  });

  test('a tty container logs raw', async () => {
    await docker.ok(['run', '-t', '--name', 'tty-logs', 'busybox', 'sh', '-c', 'echo one; echo two >&2']);
    const r = await d.docker(['logs', 'tty-logs']);
    assert.equal(r.stdout, 'one\r\ntwo\r\n');
  });
});

describe('exec', () => {
  before(async () => { await docker.ok(['run', '-d', '--name', 'exec-target', '-e', 'FROMRUN=1', 'busybox', 'sleep', '300']); });

  const cases: Array<{ flags: string[]; cmd: string[]; want: string }> = [
    { flags: [], cmd: ['sh', '-c', 'echo $FROMRUN $X'], want: '1' },
    { flags: ['-e', 'X=set'], cmd: ['sh', '-c', 'echo $FROMRUN $X'], want: '1 set' },
    { flags: ['-w', '/tmp'], cmd: ['pwd'], want: '/tmp' },
    { flags: ['-u', '1000:1000'], cmd: ['id'], want: 'uid=1000(user) gid=1000(user) groups=1000(user)' },
    { flags: ['-u', 'nobody'], cmd: ['id', '-un'], want: 'nobody' },
    { flags: [], cmd: ['cat', '/proc/1/cmdline'], want: 'sleep300' },
  ];
  for (const c of cases) {
    test(`exec ${[...c.flags, ...c.cmd].join(' ')}`, async () =>
      assert.equal((await docker.ok(['exec', ...c.flags, 'exec-target', ...c.cmd])).replace(/\0/g, ''), c.want));
  }

  test('exit codes propagate', async () => {
    await docker.fails(7, ['exec', 'exec-target', 'sh', '-c', 'exit 7']);
    // A process that cannot start: the message comes in-band on stdout, as Docker sends it.
    assert.match((await docker.fails(127, ['exec', 'exec-target', 'no-such-command'])).stdout, /no-such-command/);
    assert.match((await docker.fails(126, ['exec', 'exec-target', '/etc/passwd'])).stdout, /permission denied/i);
    assert.match((await docker.fails(126, ['exec', '-u', 'no-such-user', 'exec-target', 'true'])).stdout, /no-such-user/);
  });

  test('-i pipes stdin', async () => {
    assert.equal(await docker.ok(['exec', '-i', 'exec-target', 'sh', '-c', 'cat; echo done'], { input: 'piped\n' }), 'piped\ndone');
  });

  test('-d runs in the background', async () => {
    await docker.ok(['exec', '-d', 'exec-target', 'sh', '-c', 'sleep 0.3; touch /tmp/detached-ran']);
    await waitFor('the detached exec', async () => ((await d.docker(['exec', 'exec-target', 'test', '-e', '/tmp/detached-ran'])).code === 0 ? true : undefined));
  });

  test('exec in a stopped container is a 409', async () => {
    await docker.ok(['create', '--name', 'exec-stopped', 'busybox']);
    const r = await docker.fails(1, ['exec', 'exec-stopped', 'true']);
    assert.match(r.stderr, /is not running/);
  });
});

describe('tty', () => {
  test('docker run -it gets a terminal of the client size', async () => {
    const r = await underTerminal(`run -it --rm busybox sh -c 'tty; stty size'`);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout.replace(/\r/g, ''), '/dev/pts/0\n30 100\n');
  });

  test('docker run -it with runc', async () => {
    const r = await underTerminal(`run -it --rm --runtime runc busybox sh -c 'tty; stty size; exit 3'`);
    assert.equal(r.code, 3, r.stdout);
    assert.equal(r.stdout.replace(/\r/g, ''), '/dev/pts/0\n30 100\n');
  });

  test('docker exec -it', async () => {
    await docker.ok(['run', '-d', '--name', 'tty-exec', 'busybox', 'sleep', '60']);
    const r = await underTerminal(`exec -it tty-exec sh -c 'tty; stty size; exit 5'`);
    assert.equal(r.code, 5, r.stdout);
    assert.match(r.stdout.replace(/\r/g, ''), /^\/dev\/pts\/\d+\n30 100\n$/);
  });

  test('ctrl-p ctrl-q detaches docker run -it, and the container keeps running', async () => {
    // The keys go in after the CLI has put the terminal in raw mode (else the tty eats ctrl-q as XON).
    const r = await runCommand('sh', ['-c', `(sleep 1; printf '\\020\\021'; sleep 1) | script -qec "stty rows 30 cols 100; ${DOCKER} run -it --name detach-me busybox sh" /dev/null`],
      { env: { DOCKER_HOST: d.host }, timeoutMs: 15_000 });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(await status('detach-me'), 'running');
    const typed = await runCommand('sh', ['-c', `(sleep 1; printf 'echo typed-in\\nexit 6\\n'; sleep 1) | script -qec "${DOCKER} attach detach-me" /dev/null`],
      { env: { DOCKER_HOST: d.host }, timeoutMs: 15_000 });
    assert.match(typed.stdout, /typed-in/);
    assert.equal(await docker.ok(['wait', 'detach-me']), '6');
  });

  test('docker run -it without a terminal on the client is refused by the CLI', async () => {
    const r = await d.docker(['run', '-it', '--rm', 'busybox', 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the input device is not a TTY/);
  });
});

describe('lifecycle verbs', () => {
  test('attach follows the output and returns the exit code', async () => {
    await docker.ok(['run', '-d', '--name', 'attach-me', 'busybox', 'sh', '-c', 'sleep 1; echo attached; exit 2']);
    const r = await d.docker(['attach', 'attach-me'], { timeoutMs: 10_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, 'attached\n');
  });

  test('stop sends the stop signal, which a process may handle', async () => {
    await docker.ok(['run', '-d', '--name', 'stop-trap', 'busybox', 'sh', '-c', 'trap "echo got TERM; exit 0" TERM; echo ready; sleep 100 & wait']);
    await waitFor('the trap', async () => ((await docker.ok(['logs', 'stop-trap'])) === 'ready' ? true : undefined));
    const start = Date.now();
    await docker.ok(['stop', '-t', '10', 'stop-trap']);
    assert.ok(Date.now() - start < 5000, 'no need to wait for the timeout');
    assert.equal(await inspect('stop-trap', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 0');
    assert.equal(await docker.ok(['logs', 'stop-trap']), 'ready\ngot TERM');
  });

  test('stop sends SIGKILL after -t seconds', async () => {
    await docker.ok(['run', '-d', '--name', 'stop-deaf', 'busybox', 'sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done']);
    const start = Date.now();
    await docker.ok(['stop', '-t', '1', 'stop-deaf']);
    const took = Date.now() - start;
    assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
    assert.equal(await inspect('stop-deaf', '{{.State.ExitCode}}'), '137');
  });

  test('--stop-signal is used by stop', async () => {
    await docker.ok(['run', '-d', '--name', 'stop-usr1', '--stop-signal', 'USR1', 'busybox', 'sh', '-c', 'trap "echo got USR1; exit 0" USR1; sleep 100 & wait']);
    await sleep(200);
    await docker.ok(['stop', 'stop-usr1']);
    assert.equal(await docker.ok(['logs', 'stop-usr1']), 'got USR1');
  });

  test('kill -s delivers the signal; kill defaults to SIGKILL', async () => {
    await docker.ok(['run', '-d', '--name', 'kill-me', 'busybox', 'sh', '-c', 'trap "echo got HUP" HUP; while true; do sleep 0.1; done']);
    await sleep(200);
    await docker.ok(['kill', '-s', 'HUP', 'kill-me']);
    await waitFor('the trap output', async () => ((await docker.ok(['logs', 'kill-me'])) === 'got HUP' ? true : undefined));
    assert.equal(await status('kill-me'), 'running');
    await docker.ok(['kill', 'kill-me']);
    assert.equal(await status('kill-me'), 'exited', 'kill with SIGKILL answers once the container is gone');
    assert.equal(await docker.ok(['wait', 'kill-me']), '137');
    const r = await docker.fails(1, ['kill', 'kill-me']);
    assert.match(r.stderr, /is not running/);
  });

  test('restart runs the container again', async () => {
    await docker.ok(['run', '-d', '--name', 'restart-me', 'busybox', 'sleep', '60']);
    const before = await inspect('restart-me', '{{.State.Pid}} {{.State.StartedAt}}');
    await docker.ok(['restart', '-t', '0', 'restart-me']);
    const after = await inspect('restart-me', '{{.State.Status}} {{.State.Pid}} {{.State.StartedAt}}');
    assert.equal(after.split(' ')[0], 'running');
    assert.notEqual(after.split(' ')[1], before.split(' ')[0]);
    assert.ok(after.split(' ')[2]! > before.split(' ')[1]!, `${after} vs ${before}`);
  });

  test('rm refuses a running container; rm -f removes it', async () => {
    await docker.ok(['run', '-d', '--name', 'rm-me', 'busybox', 'sleep', '60']);
    const r = await docker.fails(1, ['rm', 'rm-me']);
    assert.match(r.stderr, /cannot remove container "\/?rm-me": container is running/i);
    await docker.ok(['rm', '-f', 'rm-me']);
    assert.equal((await d.api('GET', '/containers/rm-me/json')).status, 404);
  });

  test('wait prints the exit code', async () => {
    await docker.ok(['run', '-d', '--name', 'wait-me', 'busybox', 'sh', '-c', 'sleep 0.3; exit 9']);
    assert.equal(await docker.ok(['wait', 'wait-me']), '9');
    assert.equal(await docker.ok(['wait', 'wait-me']), '9', 'waiting on an exited container answers at once');
  });

  test('top lists the container processes', async () => {
    await docker.ok(['run', '-d', '--name', 'top-me', 'busybox', 'sh', '-c', 'sleep 61 & sleep 62']);
    await sleep(200);
    const out = await docker.ok(['top', 'top-me']);
    assert.match(out.split('\n')[0]!, /UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD/);
    assert.match(out, /sleep 61/);
    assert.match(out, /sleep 62/);
    assert.equal(out.split('\n').filter((l) => /sleep 6[12]/.test(l)).length, 2);
    assert.doesNotMatch(out, /node|berth/, 'only the container processes');
    assert.match(await docker.ok(['top', 'top-me', '-o', 'pid,comm']), /PID\s+COMMAND/);
  });

  test('rename', async () => {
    await docker.ok(['create', '--name', 'old-name', 'busybox']);
    await docker.ok(['rename', 'old-name', 'new-name']);
    assert.equal(await inspect('new-name', '{{.Name}}'), '/new-name');
    assert.equal((await d.api('GET', '/containers/old-name/json')).status, 404);
    await docker.ok(['create', '--name', 'old-name', 'busybox']);
    const r = await docker.fails(1, ['rename', 'old-name', 'new-name']);
    assert.match(r.stderr, /already in use/);
  });

  test('pause freezes the processes, unpause thaws them', async () => {
    await docker.ok(['run', '-d', '--name', 'pause-me', 'busybox', 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done']);
    await sleep(300);
    await docker.ok(['pause', 'pause-me']);
    assert.equal(await inspect('pause-me', '{{.State.Status}} {{.State.Paused}} {{.State.Running}}'), 'paused true true');
    const id = await inspect('pause-me', '{{.Id}}');
    const freezer = readFileSync(`/sys/fs/cgroup/freezer/${await cgroupParent()}/${id}/freezer.state`, 'utf8').trim();
    assert.equal(freezer, 'FROZEN');
    const pid = await inspect('pause-me', '{{.State.Pid}}');
    const rootCount = () => readFileSync(`/proc/${pid}/root/tmp/count`, 'utf8').trim();
    const frozen = rootCount();
    await sleep(400);
    assert.equal(rootCount(), frozen, 'a paused container does not run');
    assert.equal((await d.api('POST', '/containers/pause-me/pause')).status, 409);
    await docker.ok(['unpause', 'pause-me']);
    await waitFor('the count to move again', async () => (rootCount() !== frozen ? true : undefined), 3000);
    assert.equal(await status('pause-me'), 'running');
  });

  test('container prune removes stopped containers only', async () => {
    await docker.ok(['create', '--name', 'prune-created', 'busybox']);
    await docker.ok(['run', '--name', 'prune-exited', '--label', 'keep=yes', 'busybox', 'true']);
    await docker.ok(['run', '-d', '--name', 'prune-running', 'busybox', 'sleep', '60']);
    const byLabel = await docker.ok(['container', 'prune', '-f', '--filter', 'label!=keep']);
    assert.doesNotMatch(byLabel, new RegExp(await inspect('prune-exited', '{{.Id}}')));
    const out = await docker.ok(['container', 'prune', '-f']);
    assert.match(out, /Total reclaimed space/);
    const left = (await docker.ok(['ps', '-a', '--format', '{{.Names}}'])).split('\n');
    assert.ok(left.includes('prune-running'));
    assert.ok(!left.includes('prune-created') && !left.includes('prune-exited'), left.join(','));
  });
});

async function cgroupParent(): Promise<string> {
  const r = await runCommand('sh', ['-c', `ls -d /sys/fs/cgroup/freezer/berth-*/ | xargs -n1 basename`], {});
  // The daemon's parent is berth-<12 hex of sha256(data root)>.
  const { createHash } = await import('node:crypto');
  const want = `berth-${createHash('sha256').update(d.dataRoot).digest('hex').slice(0, 12)}`;
  assert.ok(r.stdout.split('\n').includes(want), `no ${want} in ${r.stdout}`);
  return want;
}

describe('inspect', () => {
  test('State, Config and HostConfig', async () => {
    await docker.ok(['run', '-d', '--name', 'inspect-me', '-e', 'K=V', '-w', '/tmp', '-u', '1000', '--hostname', 'insp', '--label', 'l=1',
      '-m', '64m', '--cpu-shares', '256', '--restart', 'on-failure:3', '--read-only', '--cap-add', 'NET_ADMIN', '--cap-drop', 'CHOWN',
      'busybox', 'sh', '-c', 'exit 5']);
    const j = JSON.parse(await docker.ok(['inspect', 'inspect-me']))[0];
    await waitFor('on-failure to give up', async () => ((await inspect('inspect-me', '{{.RestartCount}} {{.State.Status}}')) === '3 exited' ? true : undefined));
    assert.equal(j.Name, '/inspect-me');
    assert.match(j.Id, /^[0-9a-f]{64}$/);
    assert.match(j.Image, /^sha256:[0-9a-f]{64}$/);
    assert.equal(j.Config.Image, 'busybox');
    assert.deepEqual(j.Config.Cmd, ['sh', '-c', 'exit 5']);
    assert.ok(j.Config.Env.includes('K=V'));
    assert.ok(j.Config.Env.some((e: string) => e.startsWith('PATH=')));
    assert.equal(j.Config.WorkingDir, '/tmp');
    assert.equal(j.Config.User, '1000');
    assert.equal(j.Config.Hostname, 'insp');
    assert.deepEqual(j.Config.Labels, { l: '1' });
    assert.equal(j.HostConfig.Memory, 64 * 1024 * 1024);
    assert.equal(j.HostConfig.CpuShares, 256);
    assert.deepEqual(j.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.equal(j.HostConfig.ReadonlyRootfs, true);
    // The CLI sends capabilities normalized (CAP_ prefix); they come back as sent.
    assert.deepEqual(j.HostConfig.CapAdd, ['CAP_NET_ADMIN']);
    assert.deepEqual(j.HostConfig.CapDrop, ['CAP_CHOWN']);
    assert.deepEqual(j.Mounts, []);
    const s = JSON.parse(await docker.ok(['inspect', '-f', '{{json .State}}', 'inspect-me']));
    assert.equal(s.Status, 'exited');
    assert.equal(s.ExitCode, 5);
    assert.equal(s.OOMKilled, false);
    assert.equal(s.Running, false);
    assert.ok(Date.parse(s.StartedAt) > Date.now() - 60_000, s.StartedAt);
    assert.ok(Date.parse(s.FinishedAt) >= Date.parse(s.StartedAt), `${s.StartedAt} .. ${s.FinishedAt}`);
    assert.match(s.StartedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
  });

  test('a created container has zero times', async () => {
    await docker.ok(['create', '--name', 'never-started', 'busybox']);
    assert.equal(await inspect('never-started', '{{.State.Status}} {{.State.StartedAt}} {{.State.FinishedAt}} {{.State.Pid}}'),
      'created 0001-01-01T00:00:00Z 0001-01-01T00:00:00Z 0');
  });

  test('a running container has its pid, the host sees it', async () => {
    await docker.ok(['run', '-d', '--name', 'pid-me', 'busybox', 'sleep', '60']);
    const pid = await inspect('pid-me', '{{.State.Pid}}');
    assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), 'sleep\u000060\u0000');
    assert.equal(await inspect('pid-me', '{{.State.FinishedAt}}'), '0001-01-01T00:00:00Z');
  });
});

describe('stats', () => {
  test('docker stats --no-stream reports the cgroup figures: CPU, memory limit, pids', async () => {
    const id = await docker.ok(['run', '-d', '-m', '64m', '--pids-limit', '50', 'busybox', 'sh', '-c', 'while true; do :; done']);
    try {
      const line = await docker.ok(['stats', '--no-stream', '--format', '{{.CPUPerc}} {{.MemUsage}} {{.PIDs}}', id]);
      const m = /^([\d.]+)% \S+ \/ 64MiB (\d+)$/.exec(line);
      assert.ok(m, `unexpected stats line: ${line}`);
      assert.ok(Number(m[1]) > 10, `a busy loop uses CPU: ${line}`);
      assert.equal(m[2], '1');
      const api = await d.api('GET', `/containers/${id}/stats?stream=false&one-shot=true`);
      assert.equal(api.status, 200);
      assert.equal(api.body.pids_stats.limit, 50);
      assert.equal(api.body.memory_stats.limit, 64 * 1024 * 1024);
      assert.equal((await d.api('GET', '/containers/nosuch/stats?stream=false')).status, 404);
    } finally {
      await docker.ok(['rm', '-f', id]);
    }
  });

  test('network I/O comes from the container\'s veth, as seen from inside', async () => {
    const id = await docker.ok(['run', '-d', 'busybox', 'sleep', '60']);
    try {
      const gw = await docker.ok(['inspect', '-f', '{{.NetworkSettings.Gateway}}', id]);
      await docker.ok(['exec', id, 'ping', '-c', '3', '-s', '1000', '-i', '0.2', gw]);
      const api = await d.api('GET', `/containers/${id}/stats?stream=false&one-shot=true`);
      const eth0 = api.body.networks.eth0;
      assert.ok(eth0.tx_bytes >= 3000 && eth0.rx_bytes >= 3000, JSON.stringify(eth0));
      assert.ok(eth0.tx_packets >= 3 && eth0.rx_packets >= 3);
      assert.match(await docker.ok(['stats', '--no-stream', '--format', '{{.NetIO}}', id]), /^[\d.]+kB \/ [\d.]+kB$/);
    } finally {
      await docker.ok(['rm', '-f', id]);
    }
  });
});
