import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Digest } from '../../core/digest.js';
import type { ImageRecord } from '../../engine/images/image-record.js';
import { conforms, specDefinition } from './testing/engine-api-spec.js';
import { toImageConfig, toImageHistory, toImageInspect, toImagePruneReport, toImageSummary } from './image-json.js';

const ID = `sha256:${'1'.repeat(64)}` as Digest;
const DIFF = `sha256:${'2'.repeat(64)}` as Digest;

const rec: ImageRecord = {
  id: ID,
  repoTags: ['bb:v1'],
  repoDigests: [],
  created: '2024-01-02T03:04:05.120Z',
  size: 1234,
  config: {
    created: '2024-01-02T03:04:05.120Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], Labels: { a: 'b' }, ExposedPorts: { '80/tcp': {} }, StopSignal: 'SIGINT' },
    rootfs: { type: 'layers', diff_ids: [DIFF] },
    history: [{ created: '2024-01-02T03:04:05.120Z', comment: 'Imported from -' }],
    comment: 'Imported from -',
  },
  chainIds: [DIFF],
  manifestDigest: `sha256:${'3'.repeat(64)}` as Digest,
  comment: 'Imported from -',
  storage: { driver: 'overlayfs', data: { upperDir: '/d/snapshots/4/fs', workDir: '/d/snapshots/4/work' } },
};

describe('image JSON', () => {
  test('summary (current API) matches the spec', () => {
    const s = toImageSummary(rec);
    assert.deepEqual(s, {
      Id: ID, ParentId: '', RepoTags: ['bb:v1'], RepoDigests: [], Created: 1704164645, Size: 1234,
      SharedSize: -1, Labels: { a: 'b' }, Containers: -1,
    });
    conforms('ImageSummary', s);
  });

  test('summary for old API versions: VirtualSize, <none> placeholders', () => {
    const untagged = { ...rec, repoTags: [], config: { ...rec.config, config: {} } };
    const s = toImageSummary(untagged, { apiVersion: 1.41 });
    assert.equal(s.VirtualSize, 1234);
    assert.deepEqual(s.RepoTags, ['<none>:<none>']);
    assert.deepEqual(s.RepoDigests, ['<none>@<none>']);
    assert.deepEqual(s.Labels, {});
    const s43 = toImageSummary(untagged, { apiVersion: 1.43 });
    assert.deepEqual(s43.RepoTags, []);
    assert.equal(s43.VirtualSize, 1234);
    assert.equal(toImageSummary(untagged, { apiVersion: 1.44 }).VirtualSize, undefined);
  });

  test('inspect (current API) matches the spec', () => {
    const i = toImageInspect({ ...rec, lastTagTime: '2024-02-01T00:00:00.500Z' });
    conforms('ImageInspect', i);
    assert.equal(i.Id, ID);
    assert.equal(i.Created, '2024-01-02T03:04:05.12Z');
    assert.equal(i.Comment, 'Imported from -');
    assert.deepEqual(i.RootFS, { Type: 'layers', Layers: [DIFF] });
    assert.deepEqual(i.GraphDriver, {
      Name: 'overlay2',
      Data: { MergedDir: '/d/snapshots/4/merged', UpperDir: '/d/snapshots/4/fs', WorkDir: '/d/snapshots/4/work' },
    });
    assert.deepEqual(i.Metadata, { LastTagTime: '2024-02-01T00:00:00.5Z' });
    assert.deepEqual(i.Config, {
      User: '', ExposedPorts: { '80/tcp': {} }, Env: ['PATH=/bin'], Cmd: ['/bin/sh'], Volumes: null, WorkingDir: '',
      Entrypoint: null, OnBuild: null, Labels: { a: 'b' }, StopSignal: 'SIGINT',
    });
    const cfgDef = specDefinition('ImageConfig');
    if (cfgDef) for (const k of Object.keys(i.Config as object)) assert.ok(cfgDef.properties.has(k), `ImageConfig.${k}`);
    assert.equal(i.Architecture, 'amd64');
    assert.equal(i.Os, 'linux');
    assert.equal('Variant' in i, false);
  });

  test('inspect for old API versions', () => {
    const i = toImageInspect({ ...rec, storage: { driver: 'overlayfs', data: {} } }, { apiVersion: 1.41 });
    assert.equal(i.VirtualSize, 1234);
    assert.equal(i.Container, '');
    assert.ok(i.ContainerConfig);
    assert.deepEqual(i.Metadata, { LastTagTime: '0001-01-01T00:00:00Z' });
    const cfg = i.Config as Record<string, unknown>;
    assert.equal(cfg.Hostname, '');
    assert.equal(cfg.Tty, false);
    assert.equal(cfg.Image, '');
    assert.equal(toImageInspect(rec, { apiVersion: 1.45 }).ContainerConfig, undefined);
    assert.equal((toImageInspect(rec, { apiVersion: 1.49 }).Config as Record<string, unknown>).Hostname, '');
  });

  test('image config keeps Docker extensions', () => {
    const c = toImageConfig({ Healthcheck: { Test: ['NONE'] }, OnBuild: ['RUN x'], Shell: ['/bin/bash', '-c'], Volumes: { '/v': {} }, ArgsEscaped: true });
    assert.deepEqual(c.Healthcheck, { Test: ['NONE'] });
    assert.deepEqual(c.OnBuild, ['RUN x']);
    assert.deepEqual(c.Shell, ['/bin/bash', '-c']);
    assert.deepEqual(c.Volumes, { '/v': {} });
    assert.equal(c.ArgsEscaped, true);
  });

  test('history items', () => {
    const h = toImageHistory([
      { id: ID, created: '2024-01-02T03:04:05Z', createdBy: '/bin/sh -c make', tags: ['bb:v1'], size: 10, comment: '' },
      { created: '', createdBy: '', tags: [], size: 0, comment: 'base' },
    ]);
    assert.deepEqual(h, [
      { Id: ID, Created: 1704164645, CreatedBy: '/bin/sh -c make', Tags: ['bb:v1'], Size: 10, Comment: '' },
      { Id: '<missing>', Created: 0, CreatedBy: '', Tags: null, Size: 0, Comment: 'base' },
    ]);
    const def = specDefinition('ImageHistoryResponseItem');
    if (def) for (const item of h) for (const r of def.required) assert.ok(r in item);
  });

  test('prune report', () => {
    assert.deepEqual(toImagePruneReport({ deleted: [], spaceReclaimed: 0 }), { ImagesDeleted: null, SpaceReclaimed: 0 });
    assert.deepEqual(toImagePruneReport({ deleted: [{ Untagged: 'a:1' }, { Deleted: ID }], spaceReclaimed: 5 }), {
      ImagesDeleted: [{ Untagged: 'a:1' }, { Deleted: ID }],
      SpaceReclaimed: 5,
    });
  });
});
