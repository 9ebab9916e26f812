import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Digest } from '../core/digest.js';
import { childImageConfig } from './child-image-config.js';
import type { OciImageConfig } from './oci-image.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const parent: OciImageConfig = {
  created: '2024-01-01T00:00:00Z', architecture: 'arm64', variant: 'v8', os: 'linux',
  config: { Cmd: ['sh'], Env: ['A=1'] },
  rootfs: { type: 'layers', diff_ids: [d('1')] },
  history: [{ created: '2024-01-01T00:00:00Z', comment: 'Imported from -' }],
  comment: 'Imported from -',
};

test('childImageConfig: parent platform, layers and history plus one entry', () => {
  const c = childImageConfig(parent, {
    config: { Cmd: ['app'] }, diffId: d('2'), created: '2025-02-03T04:05:06Z', createdBy: 'sh -c make', author: 'me', comment: 'built',
  });
  assert.deepEqual(c, {
    created: '2025-02-03T04:05:06Z', author: 'me', architecture: 'arm64', os: 'linux', variant: 'v8',
    config: { Cmd: ['app'] },
    rootfs: { type: 'layers', diff_ids: [d('1'), d('2')] },
    history: [
      { created: '2024-01-01T00:00:00Z', comment: 'Imported from -' },
      { created: '2025-02-03T04:05:06Z', created_by: 'sh -c make', author: 'me', comment: 'built' },
    ],
    comment: 'built',
  });
  assert.deepEqual(parent.rootfs.diff_ids, [d('1')], 'the parent is not changed');
});

test('childImageConfig: no changes add no layer and an empty_layer history entry', () => {
  const c = childImageConfig(parent, { config: {}, created: '2025-01-01T00:00:00Z', createdBy: 'sh' });
  assert.deepEqual(c.rootfs.diff_ids, [d('1')]);
  assert.deepEqual(c.history?.at(-1), { created: '2025-01-01T00:00:00Z', created_by: 'sh', empty_layer: true });
  assert.equal(c.author, undefined);
  assert.equal(c.comment, undefined);
});
