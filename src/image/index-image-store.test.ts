import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { MediaTypes } from '../core/descriptor.js';
import type { Digest } from '../core/digest.js';
import { EngineError } from '../core/engine-error.js';
import { IndexImageStore } from './index-image-store.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const manifest = (c: string) => ({ mediaType: MediaTypes.ociManifest, digest: d(c), size: 100 });

test('IndexImageStore: put, tag moves names, untag, delete, persisted as an OCI index', async () => {
  const root = await mkdtemp('/var/tmp/berth-test-images-store-');
  try {
    const s = await IndexImageStore.open(root);
    await s.put(d('1'), manifest('a'));
    await s.put(d('2'), manifest('b'));
    await s.put(d('1'), manifest('z')); // idempotent: first record wins
    assert.equal((await s.get(d('1')))?.manifest.digest, d('a'));
    await s.put(d('3'), manifest('c'), { parent: d('2') });
    assert.equal((await s.get(d('3')))?.parent, d('2'));
    assert.equal((await (await IndexImageStore.open(root)).get(d('3')))?.parent, d('2'), 'the parent is persisted, also while dangling');
    await s.delete(d('3'));
    assert.equal(await s.tag('docker.io/library/busybox:latest', d('1')), undefined);
    assert.equal(await s.tag('docker.io/library/busybox:1', d('1')), undefined);
    assert.equal(await s.tag('docker.io/library/busybox:latest', d('2')), d('1'), 'the tag moved');
    assert.deepEqual((await s.get(d('1')))?.names, ['docker.io/library/busybox:1']);
    assert.equal((await s.lookup('docker.io/library/busybox:latest'))?.id, d('2'));
    assert.ok((await s.get(d('2')))?.lastTagTime);
    await assert.rejects(s.tag('x', d('9')), (e: unknown) => EngineError.is(e, 'not_found'));

    const index = JSON.parse(await readFile(path.join(root, 'index.json'), 'utf8'));
    assert.equal(index.mediaType, MediaTypes.ociIndex);
    const names = index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['io.containerd.image.name']).sort();
    assert.deepEqual(names, ['docker.io/library/busybox:1', 'docker.io/library/busybox:latest']);
    assert.equal(index.manifests[0].annotations['org.opencontainers.image.ref.name'], '1');

    const reopened = await IndexImageStore.open(root);
    assert.deepEqual(await reopened.list(), await s.list());

    assert.equal(await s.untag('docker.io/library/busybox:1'), d('1'));
    assert.equal(await s.untag('docker.io/library/busybox:1'), undefined);
    assert.deepEqual((await s.get(d('1')))?.names, []);
    const again = await IndexImageStore.open(root);
    assert.deepEqual((await again.get(d('1')))?.names, [], 'a dangling image survives a reopen');
    await s.delete(d('1'));
    assert.equal(await s.get(d('1')), undefined);
    assert.equal(await (await IndexImageStore.open(root)).get(d('1')), undefined);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
