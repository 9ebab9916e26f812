import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
let scratch: string;
const docker = dockerRunner(() => d);

/** An image whose `VOLUME /data` holds content (a file, a mode, an owner and a symlink) to copy up. */
async function importVolumeImage(): Promise<void> {
  const script = [
    'set -e', `cd ${scratch}`, 'mkdir -p rootfs/bin rootfs/data/sub',
    'cp /usr/bin/busybox rootfs/bin/busybox',
    'for a in sh cat ls stat readlink echo touch; do ln -sf busybox rootfs/bin/$a; done',
    'echo hello-from-image > rootfs/data/hello', 'chmod 600 rootfs/data/hello', 'chown 1000:1000 rootfs/data/sub',
    'ln -s hello rootfs/data/link', 'chmod 750 rootfs/data',
    'tar -C rootfs -cf rootfs.tar .',
  ].join('\n');
  const made = await runCommand('sh', ['-c', script], {});
  assert.equal(made.code, 0, made.stderr);
  await docker.ok(['import', '-c', 'VOLUME /data', '-c', 'ENV PATH=/bin', `${scratch}/rootfs.tar`, 'withvol:latest']);
}

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  scratch = mkdtempSync('/var/tmp/berth-volumes-');
  await importVolumeImage();
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const volumeNames = async (...args: string[]) => (await docker.ok(['volume', 'ls', '-q', ...args])).split('\n').filter(Boolean).sort();

describe('docker volume', () => {
  test('create, ls with filters, inspect, rm', async () => {
    assert.equal(await docker.ok(['volume', 'create', '--label', 'env=test', 'v-one']), 'v-one');
    assert.equal(await docker.ok(['volume', 'create', 'v-one']), 'v-one', 'creating an existing name returns it');
    await docker.ok(['volume', 'create', 'v-two']);
    const inspected = JSON.parse(await docker.ok(['volume', 'inspect', 'v-one']))[0];
    assert.equal(inspected.Name, 'v-one');
    assert.equal(inspected.Driver, 'local');
    assert.equal(inspected.Scope, 'local');
    assert.deepEqual(inspected.Labels, { env: 'test' });
    assert.equal(inspected.Mountpoint, join(d.dataRoot, 'volumes/v-one/_data'));
    assert.match(inspected.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(existsSync(inspected.Mountpoint));

    assert.deepEqual(await volumeNames('--filter', 'label=env=test'), ['v-one']);
    assert.deepEqual(await volumeNames('--filter', 'name=v-t'), ['v-two']);
    assert.ok((await volumeNames('--filter', 'dangling=true')).includes('v-two'));

    await docker.ok(['volume', 'rm', 'v-one', 'v-two']);
    assert.deepEqual(await volumeNames('--filter', 'name=v-'), []);
    const missing = await docker.fails(1, ['volume', 'rm', 'v-one']);
    assert.match(missing.stderr, /no such volume/);
    await docker.ok(['volume', 'rm', '-f', 'v-one']);
    assert.match((await docker.fails(1, ['volume', 'create', 'bad/name'])).stderr, /includes invalid characters for a local volume name/);
  });

  test('rm refuses a volume a container uses (409), with the container id', async () => {
    const id = await docker.ok(['create', '-v', 'busy:/data', 'busybox', 'true']);
    const r = await docker.fails(1, ['volume', 'rm', 'busy']);
    assert.match(r.stderr, new RegExp(`remove busy: volume is in use - \\[${id}\\]`));
    assert.deepEqual(await volumeNames('--filter', 'dangling=false', '--filter', 'name=busy'), ['busy']);
    await docker.ok(['rm', id]);
    await docker.ok(['volume', 'rm', 'busy']);
  });

  test('prune removes unused anonymous volumes, and named ones only with --all', async () => {
    await docker.ok(['volume', 'create', 'keep-named']);
    const anon = await docker.ok(['create', '-v', '/scratch', 'busybox', 'true']);
    const anonVol = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', anon]))[0].Name as string;
    assert.match(anonVol, /^[0-9a-f]{64}$/);
    await docker.ok(['rm', anon]);
    const out = await docker.ok(['volume', 'prune', '-f']);
    assert.match(out, new RegExp(anonVol));
    assert.doesNotMatch(out, /keep-named/);
    assert.ok((await volumeNames()).includes('keep-named'));
    const all = await docker.ok(['volume', 'prune', '-f', '--all']);
    assert.match(all, /keep-named/);
    assert.ok(!(await volumeNames()).includes('keep-named'));
  });
});

describe('containers with volumes', () => {
  test('data written in one container is read by the next; inspect shows the mount', async () => {
    await docker.ok(['run', '--rm', '-v', 'shared:/data', 'busybox', 'sh', '-c', 'echo persisted > /data/f']);
    assert.equal(await docker.ok(['run', '--rm', '-v', 'shared:/srv/x', 'busybox', 'cat', '/srv/x/f']), 'persisted');
    const id = await docker.ok(['create', '--mount', 'type=volume,src=shared,dst=/data', 'busybox', 'true']);
    const mounts = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', id]));
    assert.deepEqual(mounts, [{
      Type: 'volume', Name: 'shared', Source: join(d.dataRoot, 'volumes/shared/_data'), Destination: '/data',
      Driver: 'local', Mode: '', RW: true, Propagation: '',
    }]);
    await docker.ok(['rm', '-v', id]);
    assert.ok((await volumeNames()).includes('shared'), 'rm -v keeps named volumes');
  });

  test(':ro and --mount readonly are read-only', async () => {
    const r = await docker.fails(1, ['run', '--rm', '-v', 'rovol:/data:ro', 'busybox', 'touch', '/data/x']);
    assert.match(r.stderr + r.stdout, /Read-only file system/);
    const m = await docker.fails(1, ['run', '--rm', '--mount', 'type=volume,src=rovol,dst=/data,readonly', 'busybox', 'touch', '/data/x']);
    assert.match(m.stderr + m.stdout, /Read-only file system/);
  });

  test("an image VOLUME gets an anonymous volume with the image's content copied up", async () => {
    const id = await docker.ok(['run', '-d', 'withvol', 'sh', '-c', 'cat /data/hello; stat -c "%a %u:%g" /data /data/hello /data/sub; readlink /data/link']);
    assert.equal(await docker.ok(['wait', id]), '0');
    assert.equal(await docker.ok(['logs', id]), 'hello-from-image\n750 0:0\n600 0:0\n755 1000:1000\nhello');
    const [m] = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', id]));
    assert.equal(m.Type, 'volume');
    assert.equal(m.Destination, '/data');
    assert.match(m.Name, /^[0-9a-f]{64}$/);
    const labels = JSON.parse(await docker.ok(['volume', 'inspect', '-f', '{{json .Labels}}', m.Name]));
    assert.deepEqual(labels, { 'com.docker.volume.anonymous': '' });

    // A named volume that already has data is not overwritten by the image's content.
    await docker.ok(['run', '--rm', '-v', 'prefilled:/data', 'busybox', 'sh', '-c', 'echo mine > /data/own']);
    assert.equal(await docker.ok(['run', '--rm', '-v', 'prefilled:/data', 'withvol', 'ls', '/data']), 'own');
    // nocopy leaves an empty volume empty.
    assert.equal(await docker.ok(['run', '--rm', '-v', 'nocopied:/data:nocopy', 'withvol', 'ls', '/data']), '');

    await docker.ok(['rm', '-v', id]);
    assert.ok(!(await volumeNames()).includes(m.Name), 'rm -v removes the anonymous volume');
  });

  test('-v /path gets an anonymous volume that rm without -v keeps and --rm removes', async () => {
    const id = await docker.ok(['create', '-v', '/cache', 'busybox', 'true']);
    const name = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', id]))[0].Name as string;
    await docker.ok(['rm', id]);
    assert.ok((await volumeNames()).includes(name));
    await docker.ok(['volume', 'rm', name]);

    const before = await volumeNames();
    await docker.ok(['run', '--rm', '-v', '/cache', 'busybox', 'true']);
    assert.deepEqual(await volumeNames(), before, 'docker run --rm removes its anonymous volumes');
  });

  test('a tmpfs-driver volume is a tmpfs of the given size', async () => {
    await docker.ok(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', 'o=size=10m', 'tmpvol']);
    const out = await docker.ok(['run', '--rm', '-v', 'tmpvol:/t', 'busybox', 'sh', '-c', 'echo kept > /t/f; grep " /t " /proc/mounts; df -k /t | tail -1']);
    assert.match(out, / \/t tmpfs /);
    assert.match(out, /\s10240\s/);
    assert.equal(await docker.ok(['run', '--rm', '-v', 'tmpvol:/t', 'busybox', 'cat', '/t/f']), 'kept');
    const mp = join(d.dataRoot, 'volumes/tmpvol/_data');
    await docker.ok(['volume', 'rm', 'tmpvol']);
    assert.ok(!existsSync(mp));
    const mounts = await runCommand('cat', ['/proc/self/mountinfo'], {});
    assert.doesNotMatch(mounts.stdout, new RegExp(mp));
  });

  test('--volumes-from shares named, anonymous and bind mounts; :ro and mode overrides; inspect shows them', async () => {
    const hostDir = mkdtempSync('/var/tmp/berth-volfrom-');
    try {
      const src = await docker.ok(['create', '--name', 'vf-source', '-v', 'vf-named:/named', '-v', '/anon', '-v', `${hostDir}:/host:ro`, 'busybox', 'true']);
      const srcMounts = JSON.parse(await docker.ok(['inspect', '-f', '{{json .Mounts}}', src])) as Array<{ Name?: string; Destination: string }>;
      const anonName = srcMounts.find((m) => m.Destination === '/anon')!.Name!;

      await docker.ok(['run', '--rm', '--volumes-from', 'vf-source', 'busybox', 'sh', '-c', 'echo n > /named/f && echo a > /anon/f']);
      assert.equal(await docker.ok(['run', '--rm', '-v', `${anonName}:/x`, 'busybox', 'cat', '/x/f']), 'a', 'the same anonymous volume');
      assert.equal(await docker.ok(['run', '--rm', '-v', 'vf-named:/x', 'busybox', 'cat', '/x/f']), 'n');

      const user = await docker.ok(['create', '--volumes-from', 'vf-source:ro', '-v', 'vf-own:/anon', 'busybox', 'true']);
      const inspected = JSON.parse(await docker.ok(['inspect', user]))[0];
      assert.deepEqual(inspected.HostConfig.VolumesFrom, ['vf-source:ro']);
      const byDest = Object.fromEntries((inspected.Mounts as Array<{ Destination: string; Name?: string; RW: boolean; Type: string; Source: string }>)
        .map((m) => [m.Destination, m]));
      assert.equal(byDest['/named']!.Name, 'vf-named');
      assert.equal(byDest['/named']!.RW, false);
      assert.equal(byDest['/anon']!.Name, 'vf-own', 'its own mount wins');
      assert.equal(byDest['/host']!.Type, 'bind');
      assert.equal(byDest['/host']!.Source, hostDir);
      const ro = await d.docker(['run', '--rm', '--volumes-from', 'vf-source:ro', 'busybox', 'touch', '/named/g']);
      assert.notEqual(ro.code, 0);
      assert.match(ro.stderr, /Read-only file system/);
      const rw = await d.docker(['run', '--rm', '--volumes-from', 'vf-source:rw', 'busybox', 'touch', '/host/g']);
      assert.match(rw.stderr, /Read-only file system/, ':rw keeps a read-only mount read-only');

      await docker.ok(['rm', '-v', user]);
      await docker.ok(['rm', '-v', src]);
      assert.ok(!(await volumeNames()).includes(anonName), 'rm -v of the owner removes the anonymous volume once unused');
      await docker.ok(['volume', 'rm', 'vf-named', 'vf-own']);

      // A 404, as Docker answers (its CLI then takes it for a missing image and tries a pull).
      const ghost = await d.api('POST', '/containers/create', { Image: 'busybox', Cmd: ['true'], HostConfig: { VolumesFrom: ['vf-ghost'] } });
      assert.equal(ghost.status, 404);
      assert.equal(ghost.body.message, 'No such container: vf-ghost');
      const bad = await d.api('POST', '/containers/create', { Image: 'busybox', Cmd: ['true'], HostConfig: { VolumesFrom: ['x:bogus'] } });
      assert.equal(bad.status, 400);
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
  });
});
