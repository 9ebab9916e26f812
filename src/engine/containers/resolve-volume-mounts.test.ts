import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostSettings } from '../../core/container.js';
import { DEFAULT_HOST_SETTINGS } from './create-request.js';
import type { VolumePort } from './ports.js';
import { resolveVolumeMounts, volumeNamesOf } from './resolve-volume-mounts.js';

function fakeVolumes(failOn?: string) {
  const calls: Array<{ name: string | undefined; options?: Record<string, string> }> = [];
  const removed: string[][] = [];
  let n = 0;
  const port: VolumePort = {
    forMount: async (name, options) => {
      calls.push({ name, ...(options ? { options } : {}) });
      if (failOn && name === failOn) throw new Error(`cannot create ${name}`);
      const v = name ?? `anon${++n}`;
      return { name: v, mountpoint: `/vols/${v}/_data` };
    },
    copyUpIfEmpty: async () => undefined,
    removeAnonymous: async (names) => { removed.push(names); },
  };
  return { port, calls, removed };
}

const host = (over: Partial<HostSettings>): HostSettings => ({ ...DEFAULT_HOST_SETTINGS, ...over });

test('named, anonymous and image volumes become host paths; covered destinations get none', async () => {
  const v = fakeVolumes();
  const h = host({
    mounts: [
      { type: 'volume', source: 'data', target: '/data', readOnly: true, options: [], volumeOptions: { type: 'tmpfs', device: 'tmpfs' } },
      { type: 'bind', source: '/srv', target: '/srv', readOnly: false, options: [] },
      { type: 'volume', source: '', target: '/anon', readOnly: false, options: [] },
    ],
    tmpfs: { '/run': '' },
  });
  const r = await resolveVolumeMounts(v.port, h, ['/data/', '/srv', '/run', '/image-vol']);
  assert.deepEqual(r.mounts, [
    { type: 'volume', source: '/vols/data/_data', volumeName: 'data', target: '/data', readOnly: true, options: [], volumeOptions: { type: 'tmpfs', device: 'tmpfs' } },
    { type: 'bind', source: '/srv', target: '/srv', readOnly: false, options: [] },
    { type: 'volume', source: '/vols/anon1/_data', volumeName: 'anon1', target: '/anon', readOnly: false, options: [] },
    { type: 'volume', source: '/vols/anon2/_data', volumeName: 'anon2', target: '/image-vol', readOnly: false, options: [] },
  ]);
  assert.deepEqual(r.anonymous, ['anon1', 'anon2']);
  assert.deepEqual(v.calls[0], { name: 'data', options: { type: 'tmpfs', device: 'tmpfs' } });
  assert.deepEqual(volumeNamesOf(r.mounts), ['data', 'anon1', 'anon2']);
});

test('a failure removes the anonymous volumes made so far', async () => {
  const v = fakeVolumes('bad');
  const h = host({ mounts: [
    { type: 'volume', source: '', target: '/a', readOnly: false, options: [] },
    { type: 'volume', source: 'bad', target: '/b', readOnly: false, options: [] },
  ] });
  await assert.rejects(resolveVolumeMounts(v.port, h, []), /cannot create bad/);
  assert.deepEqual(v.removed, [['anon1']]);
});

test('without a volume port, volume mounts are refused and others pass', async () => {
  await assert.rejects(resolveVolumeMounts(undefined, host({}), ['/x']), /volumes are not supported/);
  const r = await resolveVolumeMounts(undefined, host({ mounts: [{ type: 'bind', source: '/a', target: '/a', readOnly: false, options: [] }] }), []);
  assert.equal(r.mounts.length, 1);
});
