import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerRecord, UserMount } from '../../core/container.js';
import { EngineError, notFound } from '../../core/engine-error.js';
import { withVolumesFrom } from './volumes-from.js';

const vol = (target: string, name: string, readOnly = false): UserMount =>
  ({ type: 'volume', source: `/var/lib/berth/volumes/${name}/_data`, target, readOnly, options: [], volumeName: name });
const bind = (target: string, readOnly = false): UserMount => ({ type: 'bind', source: '/srv', target, readOnly, options: ['rprivate'] });
const containers: Record<string, UserMount[]> = {
  data: [vol('/data', 'v1'), bind('/srv', true), { type: 'tmpfs', source: 'tmpfs', target: '/scratch', readOnly: false, options: ['size=1m'] }],
  other: [vol('/data', 'v2'), vol('/logs', 'v3')],
};
const find = (ref: string) => {
  const mounts = containers[ref];
  if (!mounts) throw notFound(`No such container: ${ref}`);
  return { host: { mounts } } as unknown as ContainerRecord;
};

test('volumes-from: same destinations; volumes marked nocopy; own mounts win; a later container wins a destination', () => {
  const own = [bind('/logs')];
  const got = withVolumesFrom(own, ['data', 'other'], find);
  assert.deepEqual(got.map((m) => `${m.type} ${m.target} ${m.volumeName ?? m.source} ${m.readOnly ? 'ro' : 'rw'}${m.noCopy ? ' nocopy' : ''}`), [
    'volume /data v2 rw nocopy',
    'bind /srv /srv ro',
    'tmpfs /scratch tmpfs rw',
    'bind /logs /srv rw',
  ]);
  assert.deepEqual(containers.data![0]!.noCopy, undefined, 'the source container is not changed');
});

test('volumes-from: :ro makes all read-only; :rw keeps a read-only mount read-only', () => {
  assert.ok(withVolumesFrom([], ['data:ro'], find).every((m) => m.readOnly));
  assert.deepEqual(withVolumesFrom([], ['data:rw'], find).map((m) => m.readOnly), [false, true, false]);
});

test('volumes-from: bad specs and unknown containers', () => {
  const invalid = (re: RegExp) => (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message);
  assert.throws(() => withVolumesFrom([], ['data:xx'], find), invalid(/^invalid mode: xx$/));
  assert.throws(() => withVolumesFrom([], ['data:ro,rw'], find), invalid(/invalid mode/));
  assert.throws(() => withVolumesFrom([], ['data:rslave'], find), invalid(/cannot set propagation with volumes-from/));
  assert.throws(() => withVolumesFrom([], [''], find), invalid(/cannot be an empty string/));
  assert.throws(() => withVolumesFrom([], ['ghost'], find), (e: unknown) => EngineError.is(e, 'not_found') && /No such container: ghost/.test(e.message));
});
