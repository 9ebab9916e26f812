import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
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

const CGROUP2_MAGIC = 0x63677270;

async function info(): Promise<Record<string, any>> {
  return JSON.parse(await docker.ok(['info', '--format', '{{json .}}']));
}

describe('ping and version', () => {
  test('GET and HEAD /_ping answer OK with the API version header', async () => {
    const get = await d.api('GET', '/_ping');
    assert.equal(get.status, 200);
    assert.equal(get.text, 'OK');
    assert.equal(get.headers['api-version'], '1.47');
    const head = await d.api('HEAD', '/_ping');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  test('/version reports API 1.43+ and minimum 1.24', async () => {
    const r = await d.api('GET', '/version');
    assert.equal(r.status, 200);
    const [major, minor] = String(r.body.ApiVersion).split('.').map(Number) as [number, number];
    assert.ok(major === 1 && minor >= 43, `ApiVersion ${r.body.ApiVersion}`);
    assert.equal(r.body.MinAPIVersion, '1.24');
    assert.equal(r.body.Os, 'linux');
    const out = await docker.ok(['version', '--format', '{{.Server.APIVersion}} {{.Server.MinAPIVersion}}']);
    assert.equal(out, `${r.body.ApiVersion} 1.24`);
  });

  const versioned: Array<{ path: string; status: number }> = [
    { path: '/v1.24/_ping', status: 200 },
    { path: '/v1.24/version', status: 200 },
    { path: '/v1.24/containers/json', status: 200 },
    { path: '/v1.43/images/json', status: 200 },
    { path: '/v1.47/info', status: 200 },
    { path: '/v9.99/version', status: 400 },
    { path: '/v9.99/containers/json', status: 400 },
    { path: '/v1.12/version', status: 400 },
    { path: '/v1.24/no/such/endpoint', status: 404 },
  ];
  for (const c of versioned) {
    test(`GET ${c.path} -> ${c.status}`, async () => {
      const r = await d.api('GET', c.path);
      assert.equal(r.status, c.status, r.text);
      if (c.status >= 400) assert.equal(typeof r.body.message, 'string');
    });
  }
});

describe('docker info', () => {
  test('reports this host: driver, cgroup version, CPUs, memory', async () => {
    const i = await info();
    assert.equal(i.Driver, 'overlay2');
    assert.equal(i.CgroupVersion, statfsSync('/sys/fs/cgroup').type === CGROUP2_MAGIC ? '2' : '1');
    assert.equal(i.NCPU, availableParallelism());
    assert.equal(i.MemTotal, totalmem());
    assert.equal(i.OSType, 'linux');
    assert.equal(i.DockerRootDir, d.dataRoot);
    assert.ok(i.Runtimes.crun && i.Runtimes.runc, JSON.stringify(i.Runtimes));
  });

  test('counts images', async () => {
    assert.equal((await info()).Images, 1);
    await docker.ok(['tag', 'busybox', 'busybox:other']);
    assert.equal((await info()).Images, 1, 'a second tag is the same image');
  });

  test('counts containers as they are created, started, paused and stopped', async () => {
    const counts = async () => {
      const i = await info();
      return { total: i.Containers, running: i.ContainersRunning, paused: i.ContainersPaused, stopped: i.ContainersStopped };
    };
    assert.deepEqual(await counts(), { total: 0, running: 0, paused: 0, stopped: 0 });
    await docker.ok(['create', '--name', 'info-created', 'busybox', 'true']);
    assert.deepEqual(await counts(), { total: 1, running: 0, paused: 0, stopped: 1 });
    await docker.ok(['run', '-d', '--name', 'info-running', 'busybox', 'sleep', '60']);
    assert.deepEqual(await counts(), { total: 2, running: 1, paused: 0, stopped: 1 });
    await docker.ok(['pause', 'info-running']);
    assert.deepEqual(await counts(), { total: 2, running: 0, paused: 1, stopped: 1 });
    await docker.ok(['unpause', 'info-running']);
    await docker.ok(['stop', '-t', '0', 'info-running']);
    assert.deepEqual(await counts(), { total: 2, running: 0, paused: 0, stopped: 2 });
    await docker.ok(['rm', 'info-created', 'info-running']);
    assert.deepEqual(await counts(), { total: 0, running: 0, paused: 0, stopped: 0 });
  });
});

describe('docker events', () => {
  let since = '';
  let until = '';
  const seconds = () => (Date.now() / 1000).toFixed(3);

  before(async () => {
    since = seconds();
    await docker.ok(['run', '--name', 'ev-a', '--label', 'team=blue', 'busybox', 'true']);
    await docker.ok(['rm', 'ev-a']);
    await docker.ok(['create', '--name', 'ev-b', 'busybox', 'true']);
    until = seconds();
    // Something after the window, which no query below may show.
    await docker.ok(['rm', 'ev-b']);
  });

  const events = async (...filters: string[]) =>
    (await docker.ok(['events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}',
      ...filters.flatMap((f) => ['--filter', f])], { timeoutMs: 10_000 })).split('\n').filter(Boolean);

  const cases: Array<{ name: string; filters: string[]; want: string[] }> = [
    { name: 'everything in the window, in order', filters: [],
      // As Docker: the network connect before the start, the disconnect after the die.
      want: ['container create ev-a', 'network connect bridge', 'container start ev-a', 'container die ev-a', 'network disconnect bridge',
        'container destroy ev-a', 'container create ev-b'] },
    { name: 'containers only', filters: ['type=container'],
      want: ['container create ev-a', 'container start ev-a', 'container die ev-a', 'container destroy ev-a', 'container create ev-b'] },
    { name: 'by container name', filters: ['container=ev-b'], want: ['container create ev-b'] },
    { name: 'by event', filters: ['event=die'], want: ['container die ev-a'] },
    { name: 'two events of one key are OR-ed', filters: ['event=start', 'event=destroy'], want: ['container start ev-a', 'container destroy ev-a'] },
    { name: 'keys are AND-ed', filters: ['container=ev-a', 'event=create'], want: ['container create ev-a'] },
    { name: 'by label', filters: ['label=team=blue', 'event=create'], want: ['container create ev-a'] },
    { name: 'by type', filters: ['type=image'], want: [] },
  ];
  for (const c of cases) {
    test(c.name, async () => assert.deepEqual(await events(...c.filters), c.want));
  }

  test('an unknown filter key is refused', async () => {
    const r = await d.docker(['events', '--since', since, '--until', until, '--filter', 'colour=red'], { timeoutMs: 10_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /invalid filter 'colour'/);
  });

  test('a live subscriber sees events as they happen', async () => {
    const live = d.docker(['events', '--filter', 'container=ev-live', '--format', '{{.Action}}',
      '--until', (Date.now() / 1000 + 2).toFixed(3)], { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    await docker.ok(['run', '--rm', '--name', 'ev-live', 'busybox', 'true']);
    const r = await live;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).filter((a) => a !== 'attach'), ['create', 'start', 'die', 'destroy']);
  });
});
