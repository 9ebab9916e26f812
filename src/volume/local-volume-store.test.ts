import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Mount } from '../core/mount.js';
import { LocalVolumeStore, type VolumeMounter } from './local-volume-store.js';

const base = mkdtempSync(join(tmpdir(), 'berth-volstore-'));
after(() => rmSync(base, { recursive: true, force: true }));

/** Records mounts instead of making them (the real mount is exercised by the integration tests). */
function fakeMounter() {
  const mounted = new Map<string, Mount>();
  const m: VolumeMounter & { mounted: Map<string, Mount> } = {
    mounted,
    mountAll: (mounts, target) => { mounted.set(target, mounts[0]!); },
    unmount: (target) => { mounted.delete(target); },
    isMountPoint: async (p) => mounted.has(p),
  };
  return m;
}

test('create, find, list, size, reopen and remove', async () => {
  const root = join(base, 'a');
  const store = await LocalVolumeStore.open(root, fakeMounter());
  const { volume, created } = await store.create('data', { labels: { a: 'b' } });
  assert.equal(created, true);
  assert.equal(volume.mountpoint, join(root, 'data/_data'));
  assert.equal(volume.driver, 'local');
  assert.deepEqual(volume.labels, { a: 'b' });
  assert.equal(await store.isEmpty('data'), true);
  writeFileSync(join(volume.mountpoint, 'f'), '12345');
  assert.equal(await store.isEmpty('data'), false);
  assert.equal(await store.size('data'), 5);

  const again = await store.create('data', { labels: { other: '1' } });
  assert.equal(again.created, false, 'creating an existing name returns it');
  assert.deepEqual(again.volume.labels, { a: 'b' });

  await store.create('zeta');
  const reopened = await LocalVolumeStore.open(root, fakeMounter());
  assert.deepEqual(reopened.list().map((v) => v.name), ['data', 'zeta']);
  assert.equal(reopened.get('data').createdAt, volume.createdAt);

  await reopened.remove('data');
  assert.equal(existsSync(join(root, 'data')), false);
  assert.throws(() => reopened.get('data'), /get data: no such volume/);
});

test('bad names and options are refused', async () => {
  const store = await LocalVolumeStore.open(join(base, 'b'), fakeMounter());
  await assert.rejects(store.create('a/b'), /invalid characters/);
  await assert.rejects(store.create('v1', { options: { size: '1m' } }), /invalid option key: "size"/);
  await assert.rejects(store.create('v2', { options: { type: 'tmpfs' } }), /missing required option: "device"/);
  await assert.rejects(store.create('v3', { options: { o: 'size=1m' } }), /missing required option: "type"/);
  assert.deepEqual(store.list(), []);
});

test('typed volumes are mounted at create, again at open, and unmounted before removal', async () => {
  const root = join(base, 'c');
  const mounter = fakeMounter();
  const store = await LocalVolumeStore.open(root, mounter);
  const { volume } = await store.create('tv', { options: { type: 'tmpfs', device: 'tmpfs', o: 'size=10m,uid=1000' } });
  assert.deepEqual(mounter.mounted.get(volume.mountpoint), { type: 'tmpfs', source: 'tmpfs', target: '', options: ['size=10m', 'uid=1000'] });

  const afterReboot = fakeMounter();
  await LocalVolumeStore.open(root, afterReboot);
  assert.equal(afterReboot.mounted.has(volume.mountpoint), true);

  await store.create('bv', { options: { type: 'none', device: '/srv', o: 'bind' } });
  assert.equal(mounter.mounted.get(store.get('bv').mountpoint)?.type, 'bind');

  await store.remove('tv');
  assert.equal(mounter.mounted.has(volume.mountpoint), false);
});
