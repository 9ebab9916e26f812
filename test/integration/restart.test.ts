import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parseDaemonArgs } from '../../src/daemon/daemon-config.js';
import { BerthDaemon, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';
import { waitFor } from './wait-for.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => { await d?.[Symbol.asyncDispose](); });

const inspect = (ref: string, format: string) => docker.ok(['inspect', '-f', format, ref]);
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function crashAndBoot(whileDown?: () => Promise<void>): Promise<void> {
  await d.crash();
  await whileDown?.();
  await d.boot();
}

/**
 * Everything a daemon's containers hold on the host besides records: mounts under its data root,
 * cgroups under its parent, OCI runtime state, monitor processes, run directories.
 */
async function leftovers(daemon: BerthDaemon): Promise<string[]> {
  const found: string[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint?.startsWith(daemon.dataRoot)) found.push(`mount ${mountPoint}`);
  }
  const parent = `berth-${createHash('sha256').update(daemon.dataRoot).digest('hex').slice(0, 12)}`;
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = join('/sys/fs/cgroup', hierarchy, parent);
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) found.push(`cgroup ${join(dir, e.name)}`);
  }
  for (const runtime of ['crun', 'runc']) {
    const dir = join(daemon.execRoot, 'runtime', runtime);
    if (existsSync(dir)) for (const e of readdirSync(dir)) if (/^[0-9a-f]{64}$/.test(e)) found.push(`${runtime} state ${e}`);
  }
  for (const kind of ['c', 'e']) {
    const dir = join(daemon.execRoot, kind);
    if (existsSync(dir)) for (const e of readdirSync(dir)) found.push(`run dir ${kind}/${e}`);
  }
  const monitors = await runCommand('pgrep', ['-f', `berth-monitor --dir ${daemon.execRoot}/`], {});
  for (const pid of monitors.stdout.split('\n').filter(Boolean)) found.push(`monitor pid ${pid}`);
  const containers = join(daemon.dataRoot, 'containers');
  if (existsSync(containers)) for (const e of readdirSync(containers)) if (/^[0-9a-f]{64}$/.test(e)) found.push(`container dir ${e}`);
  // Networking: sandboxes, veths on the daemon's default bridge, published-port rules.
  const netns = join(daemon.execRoot, 'netns');
  if (existsSync(netns)) for (const e of readdirSync(netns)) found.push(`sandbox ${e}`);
  const config = parseDaemonArgs(['--data-root', daemon.dataRoot]);
  if (config !== 'help') {
    // The kernel destroys a namespace's veths in the background, a moment after the namespace goes.
    let veths: string[] = [];
    for (let i = 0; i < 20; i++) {
      const links = JSON.parse((await runCommand('ip', ['-j', 'link', 'show'], {})).stdout) as { ifname: string; master?: string }[];
      veths = links.filter((l) => l.master === config.defaultBridge).map((l) => `veth ${l.ifname}`);
      if (veths.length === 0) break;
      await sleep(100);
    }
    found.push(...veths);
    const rules = (await runCommand('iptables-save', ['-t', 'nat'], {})).stdout.split('\n');
    for (const r of rules) if (r.startsWith(`-A ${config.firewallChainPrefix} `) && r.includes('--to-destination')) found.push(`rule ${r}`);
  }
  return found;
}

async function removeAll(daemon: BerthDaemon): Promise<void> {
  const ids = (await daemon.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) {
    const r = await daemon.docker(['rm', '-f', ...ids]);
    assert.equal(r.code, 0, r.stderr);
  }
}

describe('kill -9 of berthd with containers running', () => {
  let pid = 0;

  before(async () => {
    await docker.ok(['run', '-d', '--name', 'survivor', 'busybox', 'sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done']);
    await docker.ok(['run', '-d', '--name', 'sleeper', 'busybox', 'sleep', '300']);
    await docker.ok(['run', '-d', '--name', 'waited', 'busybox', 'sh', '-c', 'sleep 3; exit 7']);
    await docker.ok(['run', '-d', '--name', 'dies-while-down', 'busybox', 'sh', '-c', 'sleep 0.5; exit 42']);
    await docker.ok(['run', '-d', '--name', 'restarts-at-boot', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.5; exit 1']);
    await docker.ok(['run', '-d', '--name', 'stopped-for-good', '--restart', 'unless-stopped', 'busybox', 'sleep', '300']);
    await docker.ok(['stop', '-t', '0', 'stopped-for-good']);
    pid = Number(await inspect('survivor', '{{.State.Pid}}'));
    await crashAndBoot(() => sleep(1500));
  });

  test('running containers still run, with the same pid', async () => {
    assert.equal(await inspect('survivor', '{{.State.Status}} {{.State.Pid}}'), `running ${pid}`);
    assert.ok(alive(pid));
    const running = (await docker.ok(['ps', '--format', '{{.Names}}'])).split('\n').sort();
    assert.ok(running.includes('survivor') && running.includes('sleeper'), running.join(','));
  });

  test('a container that exited while berthd was down shows its exit code', async () => {
    assert.equal(await inspect('dies-while-down', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 42');
    assert.notEqual(await inspect('dies-while-down', '{{.State.FinishedAt}}'), '0001-01-01T00:00:00Z');
  });

  test('a restart policy applies to what exited while berthd was down', async () => {
    await waitFor('the restart', async () => (Number(await inspect('restarts-at-boot', '{{.RestartCount}}')) >= 1 ? true : undefined));
    assert.equal(await inspect('stopped-for-good', '{{.State.Status}}'), 'exited');
  });

  test('logs and logs -f work on a re-adopted container', async () => {
    const before = (await docker.ok(['logs', 'survivor'])).split('\n');
    assert.ok(before.length >= 5, `${before.length} lines`);
    assert.deepEqual(before.slice(0, 3), ['tick 0', 'tick 1', 'tick 2']);
    const follow = d.docker(['logs', '-f', '--tail', '0', 'survivor'], { timeoutMs: 15_000 });
    await sleep(700);
    await docker.ok(['stop', '-t', '1', 'survivor']);
    const r = await follow;
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.ok(lines.length >= 2, r.stdout);
    assert.ok(lines.every((l) => /^tick \d+$/.test(l)), r.stdout);
    assert.equal(await inspect('survivor', '{{.State.Status}}'), 'exited');
    assert.ok(!alive(pid));
  });

  test('wait and stop work on re-adopted containers', async () => {
    assert.equal(await docker.ok(['wait', 'waited'], { timeoutMs: 15_000 }), '7');
    // sleep as pid 1 ignores SIGTERM: stop has to come back with SIGKILL after the timeout.
    await docker.ok(['stop', '-t', '1', 'sleeper']);
    assert.equal(await inspect('sleeper', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 137');
  });

  test('exec, top and attach work on re-adopted containers; a paused one stays paused', async () => {
    await docker.ok(['run', '-d', '--name', 'exec-after', 'busybox', 'sleep', '300']);
    await docker.ok(['run', '-d', '-i', '--name', 'attach-after', 'busybox', 'sh', '-c', 'read line; echo got $line; exit 3']);
    await docker.ok(['run', '-d', '--name', 'paused-across', 'busybox', 'sleep', '300']);
    await docker.ok(['pause', 'paused-across']);
    await crashAndBoot();
    assert.equal(await docker.ok(['exec', 'exec-after', 'echo', 'inside']), 'inside');
    assert.match(await docker.ok(['top', 'exec-after']), /sleep 300/);
    const attached = await d.docker(['attach', 'attach-after'], { input: 'hello\n', timeoutMs: 10_000 });
    assert.equal(attached.code, 3, attached.stderr);
    assert.equal(attached.stdout, 'got hello\n');
    assert.equal(await inspect('paused-across', '{{.State.Status}}'), 'paused');
    await docker.ok(['unpause', 'paused-across']);
    assert.equal(await inspect('paused-across', '{{.State.Status}}'), 'running');
  });

  test('after removing everything nothing is left behind', async () => {
    await removeAll(d);
    assert.deepEqual(await leftovers(d), []);
  });
});

describe('kill -9 during a burst of docker run -d', () => {
  // 100 ms in, most are being created or started; 200 ms in, most run and some still start.
  for (const delayMs of [100, 200]) test(`the store is consistent after boot (crash after ${delayMs} ms), and rm -f leaves nothing behind`, async () => {
    // Half of them publish a port, so a crash also lands between veths, leases and rules.
    const runs = Array.from({ length: 10 }, (_, i) => d.docker(['run', '-d', '--name', `burst-${i}`, ...(i % 2 ? ['-p', '80'] : []), 'busybox', 'sleep', '300'], { timeoutMs: 20_000 }));
    await sleep(delayMs);
    await d.crash();
    await Promise.all(runs);
    await d.boot();

    const rows = (await docker.ok(['ps', '-a', '--format', '{{.Names}} {{.State}}'])).split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]);
    for (const [name, state] of rows) {
      assert.ok(['running', 'created', 'exited'].includes(state), `${name} is ${state}`);
      const pid = Number(await inspect(name, '{{.State.Pid}}'));
      if (state === 'running') {
        assert.ok(alive(pid), `${name} says running, pid ${pid} is gone`);
        assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), 'sleep\u0000300\u0000');
      } else {
        assert.equal(pid, 0);
      }
    }
    // Every container process on the host belongs to a container the daemon lists as running.
    const running = new Set(await Promise.all(rows.filter(([, s]) => s === 'running').map(async ([n]) => Number(await inspect(n, '{{.State.Pid}}')))));
    const sleeps = (await runCommand('pgrep', ['-x', 'sleep', '-a'], {})).stdout.split('\n').filter((l) => l.endsWith('sleep 300')).map((l) => Number(l.split(' ')[0]));
    const strays = [];
    for (const p of sleeps) {
      const cg = readFileSync(`/proc/${p}/cgroup`, 'utf8');
      if (cg.includes(`berth-${createHash('sha256').update(d.dataRoot).digest('hex').slice(0, 12)}`) && !running.has(p)) strays.push(p);
    }
    assert.deepEqual(strays, [], 'container processes nobody owns');
    // No address is held twice among the containers that run.
    const addresses = await Promise.all(rows.filter(([, s]) => s === 'running').map(([n]) => inspect(n, '{{.NetworkSettings.IPAddress}}')));
    assert.equal(new Set(addresses).size, addresses.length, `duplicate addresses: ${addresses.join(' ')}`);
    // The store still works: a container caught half-started starts now, and new ones run.
    const created = rows.find(([, s]) => s === 'created');
    if (created) {
      await docker.ok(['start', created[0]]);
      assert.equal(await inspect(created[0], '{{.State.Status}}'), 'running');
    }
    await docker.ok(['run', '--rm', 'busybox', 'true']);

    await removeAll(d);
    assert.equal(await docker.ok(['ps', '-aq']), '');
    assert.deepEqual(await leftovers(d), []);
  });
});

describe('two daemons side by side', () => {
  let other: BerthDaemon;
  before(async () => {
    other = await BerthDaemon.start();
    await importBusybox(other);
  });
  after(async () => { await other?.[Symbol.asyncDispose](); });

  test('each sees only its own containers, and a restart of one leaves the other alone', async () => {
    const mine = await docker.ok(['run', '-d', '--name', 'same-name', 'busybox', 'sleep', '300']);
    const r = await other.docker(['run', '-d', '--name', 'same-name', 'busybox', 'sleep', '300']);
    assert.equal(r.code, 0, r.stderr);
    const theirs = r.stdout.trim();
    assert.notEqual(mine, theirs);
    assert.equal(await docker.ok(['ps', '-q', '--no-trunc']), mine);
    assert.equal((await other.docker(['ps', '-q', '--no-trunc'])).stdout.trim(), theirs);
    const theirPid = Number((await other.docker(['inspect', '-f', '{{.State.Pid}}', theirs])).stdout);

    // Reconcile at boot must not take the other daemon's containers for leaks.
    await crashAndBoot();
    assert.ok(alive(theirPid));
    assert.equal((await other.docker(['inspect', '-f', '{{.State.Status}}', theirs])).stdout.trim(), 'running');
    await removeAll(d);
    assert.ok(alive(theirPid), 'removing all of one daemon touched the other');
    assert.deepEqual(await leftovers(d), []);
    await removeAll(other);
    assert.deepEqual(await leftovers(other), []);
  });
});
