import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);
let baseSize: number;

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  baseSize = Number(await docker.ok(['image', 'inspect', '-f', '{{.Size}}', 'busybox']));
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

const df = async (query = '') => {
  const r = await d.api('GET', `/system/df${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

describe('disk usage: system df, ps -s, inspect -s', () => {
  test('container layers, image layers (shared once) and volumes are measured for real', async () => {
    const stopped = await docker.ok(['run', '--name', 'du-writer', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/blob bs=1024 count=100 2>/dev/null']);
    void stopped;
    const running = await docker.ok(['run', '-d', '--name', 'du-vol', '-v', 'du-data:/data', 'busybox', 'sh', '-c',
      'dd if=/dev/zero of=/data/x bs=1024 count=50 2>/dev/null; touch /data/ready; sleep 300']);
    await docker.ok(['volume', 'create', 'du-unused']);
    for (let i = 0; i < 100 && (await d.docker(['exec', running, 'test', '-e', '/data/ready'])).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));

    const [rw, rootFs] = (await docker.ok(['inspect', '-s', '-f', '{{.SizeRw}} {{.SizeRootFs}}', 'du-writer'])).split(' ').map(Number);
    assert.equal(rw, 100 * 1024);
    assert.equal(rootFs, 100 * 1024 + baseSize);
    assert.equal(await docker.ok(['inspect', '-f', '{{.SizeRw}}', 'du-writer']), '<nil>', 'sizes only when asked');
    assert.match(await docker.ok(['ps', '-a', '-s', '--filter', 'name=du-writer', '--format', '{{.Size}}']), /^102kB \(virtual \d/);

    const u = await df();
    assert.equal(u.LayersSize, baseSize);
    assert.equal(u.Images.length, 1);
    assert.equal(u.Images[0].Containers, 2);
    assert.equal(u.Images[0].SharedSize, 0);
    const writer = u.Containers.find((c: { Names: string[] }) => c.Names[0] === '/du-writer');
    assert.equal(writer.SizeRw, 100 * 1024);
    assert.equal(writer.SizeRootFs, 100 * 1024 + baseSize);
    const vols = Object.fromEntries(u.Volumes.map((v: { Name: string; UsageData: unknown }) => [v.Name, v.UsageData]));
    assert.deepEqual(vols['du-data'], { Size: 50 * 1024, RefCount: 1 });
    assert.deepEqual(vols['du-unused'], { Size: 0, RefCount: 0 });
    assert.deepEqual(u.BuildCache, []);

    const table = await docker.ok(['system', 'df']);
    assert.match(table, /^TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE\n/);
    assert.match(table, /\nContainers +2 +1 +102\.4kB +102\.4kB \(100%\)\n/);
    assert.match(table, /\nLocal Volumes +2 +1 +51\.2kB +0B \(0%\)\n/);

    // A commit shares the base layer: counted once in LayersSize, shared by both images.
    await docker.ok(['commit', 'du-writer', 'du-child']);
    const after = await df('?type=image');
    assert.equal(after.LayersSize, baseSize + 100 * 1024);
    for (const img of after.Images) assert.equal(img.SharedSize, baseSize);
    assert.equal(after.Containers, null, 'only the asked type');
    assert.equal(after.Volumes, null);
    await docker.ok(['rmi', 'du-child']);
    await docker.ok(['rm', '-f', running, 'du-writer']);
  });

  test('unknown type is a 400', async () => {
    const r = await d.api('GET', '/system/df?type=nope');
    assert.equal(r.status, 400);
    assert.match(r.body.message, /unknown object type: nope/);
  });

  test('container prune and system prune reclaim real space', async () => {
    await docker.ok(['run', '--name', 'du-p1', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/f bs=1024 count=10 2>/dev/null']);
    const pruned = await d.api('POST', '/containers/prune');
    assert.ok(pruned.body.ContainersDeleted.length >= 1);
    assert.equal(pruned.body.SpaceReclaimed, 10 * 1024);

    await docker.ok(['run', '--name', 'du-p2', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/f bs=1024 count=20 2>/dev/null']);
    await docker.ok(['commit', 'du-p2']);
    const anon = await docker.ok(['create', '-v', '/anon', 'busybox', 'true']);
    const vol = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', anon]))[0].Name as string;
    const out = await docker.ok(['system', 'prune', '-f']);
    assert.match(out, /^Deleted Containers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\nDeleted Images:\ndeleted: sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 40\.96kB$/);
    assert.ok((await docker.ok(['volume', 'ls', '-q'])).split('\n').includes(vol), 'volumes stay without --volumes');
    const withVolumes = await docker.ok(['system', 'prune', '-f', '--volumes']);
    assert.match(withVolumes, new RegExp(`Deleted Volumes:\\n${vol}\\n`));
    assert.equal(await docker.ok(['ps', '-aq']), '');

    const all = await docker.ok(['system', 'prune', '-a', '-f']);
    assert.match(all, /untagged: busybox:latest\ndeleted: sha256:/);
    assert.match(all, /Total reclaimed space: 1\.98\dMB|Total reclaimed space: 1\.99MB/);
    assert.equal(await docker.ok(['images', '-q']), '');
    const empty = await df();
    assert.equal(empty.LayersSize, 0);
    assert.deepEqual(empty.Images, []);
  });
});
