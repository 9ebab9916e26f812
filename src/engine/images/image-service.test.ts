import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MediaTypes } from '../../core/descriptor.js';
import type { Digest } from '../../core/digest.js';
import { EngineError } from '../../core/engine-error.js';
import { TarWriter } from '../../archive/tar-writer.js';
import { LocalContentStore } from '../../content/local/local-content-store.js';
import { readJsonBlob } from '../../content/read-blob.js';
import { writeBlob } from '../../content/write-blob.js';
import { IndexImageStore } from '../../image/index-image-store.js';
import type { OciManifest } from '../../image/oci-image.js';
import { OverlaySnapshotter } from '../../snapshot/overlay/overlay-snapshotter.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';
import { mountAll, unmount } from '../../sys/mount.js';
import { ImageService } from './image-service.js';

/** A minimal busybox rootfs: the static binary and a few applet symlinks. */
async function busyboxTar(extra: Record<string, string> = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new TarWriter(out);
  const mtime = 1_700_000_000;
  for (const d of ['bin', 'etc', 'root']) await w.add({ name: d, type: 'directory', mode: 0o755, mtime });
  await w.add({ name: 'tmp', type: 'directory', mode: 0o1777, mtime });
  await w.addPath('/usr/bin/busybox', 'bin/busybox');
  for (const applet of ['sh', 'ls', 'echo', 'cat']) await w.add({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mtime });
  await w.add({ name: 'etc/passwd', type: 'file', mtime }, Buffer.from('root:x:0:0:root:/root:/bin/sh\n'));
  for (const [name, body] of Object.entries(extra)) await w.add({ name, type: 'file', mtime }, Buffer.from(body));
  await w.finish();
  return Buffer.concat(chunks);
}

const body = (b: Buffer) => Readable.from([b.subarray(0, 1000), b.subarray(1000)], { objectMode: false });
const is = (code: string, re?: RegExp) => (e: unknown) => EngineError.is(e) && e.code === code && (!re || re.test(e.message));
const CTR = 'c0ffee'.repeat(10) + 'abcd';

let base: string;
let svc: ImageService;
let snapshots: Snapshotter;
let content: LocalContentStore;
let applies = 0;
let tick = 0;
const events: Array<{ action: string; id: string; attributes: Record<string, string> }> = [];

before(async () => {
  base = await mkdtemp('/var/tmp/berth-test-images-svc-');
  content = await LocalContentStore.open(path.join(base, 'content'));
  const overlay = await OverlaySnapshotter.open(path.join(base, 'snapshots'));
  // Count unpacks: the point of chain-id keyed snapshots is that a layer is unpacked once.
  snapshots = new Proxy(overlay, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === 'applyLayer') return (...args: Parameters<Snapshotter['applyLayer']>) => (applies++, target.applyLayer(...args));
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const store = await IndexImageStore.open(path.join(base, 'images'));
  svc = new ImageService({
    content, snapshots, store,
    events: { publish: (e) => events.push({ action: e.action, id: e.id, attributes: e.attributes }) },
    now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)),
  });
});

after(async () => {
  await unmount(base, { recursive: true, detach: true });
  await rm(base, { recursive: true, force: true });
});

describe('ImageService end to end (real overlay mounts)', () => {
  let tar: Buffer;
  let id: Digest;

  test('import a busybox rootfs, run a container filesystem on it, import again without re-unpacking', async () => {
    tar = await busyboxTar();
    const rec = await svc.importTarball(body(tar), { repo: 'bb', tag: 'v1', changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin'], signal: new AbortController().signal });
    id = rec.id;
    assert.equal(applies, 1);
    assert.deepEqual(events.splice(0), [
      { action: 'import', id, attributes: { name: id } },
      { action: 'tag', id, attributes: { name: 'bb:v1' } },
    ]);
    assert.deepEqual(rec.repoTags, ['bb:v1']);
    assert.deepEqual(rec.repoDigests, []);
    assert.deepEqual(rec.config.config?.Cmd, ['/bin/sh']);
    assert.deepEqual(rec.config.config?.Env, ['PATH=/bin']);
    assert.equal(rec.config.os, 'linux');
    assert.equal(rec.config.rootfs.diff_ids.length, 1);
    assert.deepEqual(rec.chainIds, rec.config.rootfs.diff_ids);
    assert.equal(rec.comment, 'Imported from -');
    assert.deepEqual(rec.config.history, [{ created: rec.created, comment: 'Imported from -' }]);
    const bbSize = (await lstat('/usr/bin/busybox')).size;
    assert.equal(rec.size, bbSize + 'busybox'.length * 4 + 30, 'file bytes + symlink targets');
    const manifest = await readJsonBlob<OciManifest>(content, rec.manifestDigest);
    assert.equal(manifest.config.digest, rec.id);
    assert.equal(manifest.layers[0]!.mediaType, MediaTypes.ociLayer);
    assert.equal(manifest.layers[0]!.size, tar.length);

    const mounts = await svc.prepareContainerRootfs('ctr1', rec.id);
    const target = await mkdtemp(path.join(base, 'rootfs-'));
    mountAll(mounts, target);
    try {
      assert.ok((await lstat(path.join(target, 'bin/sh'))).isSymbolicLink());
      assert.equal(execFileSync('/usr/sbin/chroot', [target, '/bin/sh', '-c', 'echo hi from $PATH'], { env: { PATH: '/bin' } }).toString(), 'hi from /bin\n');
      await writeFile(path.join(target, 'root/hello.txt'), 'written in the container');
    } finally {
      await unmount(target);
    }
    const upper = await svc.containerUpperDir('ctr1');
    assert.equal(await readFile(path.join(upper, 'root/hello.txt'), 'utf8'), 'written in the container');
    const layerDir = rec.storage.data.upperDir!;
    await assert.rejects(lstat(path.join(layerDir, 'root/hello.txt')), { code: 'ENOENT' });
    assert.ok((await lstat(path.join(layerDir, 'bin/busybox'))).isFile());
    await svc.removeContainerRootfs('ctr1');
    await svc.removeContainerRootfs('ctr1'); // again: no error
    await assert.rejects(snapshots.stat('ctr1'), is('not_found'));

    const again = await svc.importTarball(body(gzipSync(tar)), { repo: 'bb', tag: 'v2', changes: [] });
    assert.equal(applies, 1, 'the same layer is not unpacked twice');
    assert.deepEqual(again.chainIds, rec.chainIds);
    assert.notEqual(again.id, rec.id);
    const m2 = await readJsonBlob<OciManifest>(content, again.manifestDigest);
    assert.equal(m2.layers[0]!.mediaType, MediaTypes.ociLayerGzip);
    assert.equal((await snapshots.list()).filter((s) => s.kind === 'committed').length, 1);
  });

  test('resolve by id, short id, name and digest; not_found otherwise', async () => {
    const hex = id.slice(7);
    for (const q of [id, hex, hex.slice(0, 12), `sha256:${hex.slice(0, 12)}`, 'bb:v1', 'docker.io/library/bb:v1']) {
      assert.equal((await svc.resolve(q)).id, id, q);
    }
    await assert.rejects(svc.resolve('bb'), is('not_found', /^No such image: bb:latest$/));
    await assert.rejects(svc.resolve('Bad Name'), is('not_found', /^No such image: Bad Name$/));
    await assert.rejects(svc.resolve('nope:1'), is('not_found', /No such image: nope:1/));
    await assert.rejects(svc.resolve('f'.repeat(64)), is('not_found'));
    assert.equal(svc.resolveCached('bb:v1'), id);
    assert.equal(svc.resolveCached(hex.slice(0, 8)), id);
    assert.equal(svc.resolveCached('nope'), undefined);
  });

  test('tag, list with filters, history', async () => {
    assert.equal(await svc.tag('bb:v1', 'localhost:5000/team/bb'), 'localhost:5000/team/bb:latest');
    assert.equal(await svc.tag(id.slice(7, 19), 'bb', 'extra'), 'bb:extra');
    await assert.rejects(svc.tag(id, 'Bad'), is('invalid_argument', /must be lowercase/));
    await assert.rejects(svc.tag(id, 'bb', 'bad tag'), is('invalid_argument', /invalid tag format/));
    await assert.rejects(svc.tag(id, `bb@sha256:${'a'.repeat(64)}`), is('invalid_argument'));
    await assert.rejects(svc.tag('missing', 'x'), is('not_found'));
    const rec = await svc.resolve(id);
    assert.deepEqual([...rec.repoTags].sort(), ['bb:extra', 'bb:v1', 'localhost:5000/team/bb:latest']);
    assert.ok(rec.lastTagTime);

    const all = await svc.list();
    assert.equal(all.length, 2);
    assert.ok(all[0]!.created > all[1]!.created, 'newest first');
    assert.deepEqual((await svc.list({ filters: { reference: ['bb:v*'] } })).map((r) => r.id).sort(), all.map((r) => r.id).sort());
    assert.deepEqual((await svc.list({ filters: { reference: ['localhost:5000/*/bb'] } })).map((r) => r.id), [id]);
    assert.deepEqual(await svc.list({ filters: { reference: ['b?'] } }).then((l) => l.length), 2);
    assert.deepEqual(await svc.list({ filters: { dangling: true } }), []);
    assert.deepEqual((await svc.list({ filters: { since: ['bb:v1'] } })).map((r) => r.repoTags), [['bb:v2']]);
    assert.deepEqual((await svc.list({ filters: { before: ['bb:v2'] } })).map((r) => r.id), [id]);

    const history = await svc.history('bb:v1');
    assert.deepEqual(history, [{ id, created: rec.created, createdBy: '', tags: rec.repoTags, size: rec.size, comment: 'Imported from -' }]);
  });

  test('labels, untagged imports, dangling filter and prune', async () => {
    const labelled = await svc.importTarball(body(await busyboxTar({ 'etc/l': 'l' })), { changes: ['LABEL team=core tier=1'], message: 'from a test' });
    assert.deepEqual(labelled.repoTags, []);
    assert.equal(labelled.comment, 'from a test');
    assert.deepEqual((await svc.list({ filters: { label: ['team=core'] } })).map((r) => r.id), [labelled.id]);
    assert.deepEqual((await svc.list({ filters: { label: ['tier'] } })).map((r) => r.id), [labelled.id]);
    assert.deepEqual((await svc.list({ filters: { label: ['team=other'] } })), []);
    assert.deepEqual((await svc.list({ filters: { dangling: true } })).map((r) => r.id), [labelled.id]);
    assert.equal((await svc.list({ filters: { dangling: false } })).length, 2);

    const pruned = await svc.prune({ inUseBy: () => undefined });
    assert.deepEqual(pruned.deleted, [{ Deleted: labelled.id }, { Deleted: labelled.chainIds[0] }]);
    assert.equal(pruned.spaceReclaimed, labelled.size);
    await assert.rejects(svc.resolve(labelled.id), is('not_found'));
    await assert.rejects(content.info(labelled.id), is('not_found'));
    await assert.rejects(snapshots.stat(labelled.chainIds[0]!), is('not_found'));
  });

  test("remove: Docker's untag, conflict and delete rules", async () => {
    const none = () => undefined;
    // By name with other names left: just untag.
    assert.deepEqual(await svc.remove('bb:extra', { inUseBy: none }), [{ Untagged: 'bb:extra' }]);
    // By id with names in two repositories: a conflict unless forced.
    await assert.rejects(svc.remove(id, { inUseBy: none }), is('conflict', new RegExp(`^conflict: unable to delete ${id.slice(7, 19)} \\(must be forced\\) - image is referenced in multiple repositories$`)));
    // The last name, while a container uses the image: must force.
    assert.deepEqual(await svc.remove('localhost:5000/team/bb', { inUseBy: none }), [{ Untagged: 'localhost:5000/team/bb:latest' }]);
    await assert.rejects(
      svc.remove('bb:v1', { inUseBy: () => CTR }),
      is('conflict', new RegExp(`^conflict: unable to remove repository reference "bb:v1" \\(must force\\) - container ${CTR.slice(0, 12)} is using its referenced image ${id.slice(7, 19)}$`)),
    );
    // Running containers block deletion by id even when forced.
    await assert.rejects(svc.remove(id, { force: true, inUseBy: () => CTR, runningIn: () => CTR }), is('conflict', /\(cannot be forced\) - image is being used by running container/));
    // By id, a stopped container: must be forced.
    await assert.rejects(svc.remove(id, { inUseBy: () => CTR }), is('conflict', /\(must be forced\) - image is being used by stopped container c0ffeec0ffee/));
    // Forced: untag and delete; the layer stays while a container's snapshot builds on it.
    await svc.prepareContainerRootfs('ctr2', id);
    const v2 = await svc.resolve('bb:v2');
    const res = await svc.remove(id.slice(7, 19), { force: true, inUseBy: () => CTR });
    assert.deepEqual(res, [{ Untagged: 'bb:v1' }, { Deleted: id }]);
    await assert.rejects(svc.resolve(id), is('not_found'));
    assert.equal((await snapshots.stat(v2.chainIds[0]!)).kind, 'committed');
    // The last image: removing by name deletes it; the layer goes once no container needs it.
    await svc.removeContainerRootfs('ctr2');
    const last = await svc.remove('bb:v2', { inUseBy: none });
    assert.deepEqual(last, [{ Untagged: 'bb:v2' }, { Deleted: v2.id }, { Deleted: v2.chainIds[0] }]);
    assert.deepEqual(events.slice(-2), [
      { action: 'untag', id: v2.id, attributes: { name: v2.id } },
      { action: 'delete', id: v2.id, attributes: { name: v2.id } },
    ]);
    assert.equal(svc.resolveCached('bb:v2'), undefined);
    assert.deepEqual(await svc.list(), []);
    assert.deepEqual(await content.list(), []);
    assert.deepEqual(await snapshots.list(), []);
  });
});

describe('ImageService import errors leave nothing behind', () => {
  const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['bad change', async () => svc.importTarball(body(await busyboxTar()), { changes: ['RUN true'] }), /run is not a valid change command/],
    ['bad repo', async () => svc.importTarball(body(await busyboxTar()), { repo: 'Bad', changes: [] }), /must be lowercase/],
    ['digest repo', async () => svc.importTarball(body(await busyboxTar()), { repo: `x@sha256:${'a'.repeat(64)}`, changes: [] }), /cannot import digest reference/],
    ['bad tag', async () => svc.importTarball(body(await busyboxTar()), { repo: 'x', tag: '-t', changes: [] }), /invalid tag format/],
    ['not a tar', async () => svc.importTarball(body(Buffer.alloc(4096, 0x41)), { changes: [] }), /checksum/],
    ['corrupt gzip', async () => svc.importTarball(body(Buffer.concat([gzipSync(await busyboxTar()).subarray(0, 5000), Buffer.alloc(100, 1)])), { changes: [] }), /invalid compressed data|unexpected end/],
    ['bad platform', async () => svc.importTarball(body(await busyboxTar()), { platform: 'windows/amd64', changes: [] }), /not supported/],
    ['escaping layer', async () => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const w = new TarWriter(out);
      await w.add({ name: '../escape', type: 'file' }, Buffer.from('x'));
      await w.finish();
      return svc.importTarball(body(Buffer.concat(chunks)), { changes: [] });
    }, /escapes the layer root/],
  ];
  for (const [title, run, re] of cases) {
    test(title, async () => {
      const before = (await content.list()).length;
      await assert.rejects(run(), is('invalid_argument', re));
      await svc.garbageCollect();
      assert.equal((await content.list()).length, before);
      assert.deepEqual((await snapshots.list()).filter((s) => s.kind === 'active'), []);
    });
  }

  test('garbageCollect removes unreferenced blobs, layers and unfinished unpacks', async () => {
    const keep = await svc.importTarball(body(await busyboxTar()), { repo: 'keep', changes: [] });
    await writeBlob(content, Buffer.from('orphan blob'));
    await snapshots.prepare('extract-deadbeef-123', '');
    await snapshots.prepare('orphan-layer', '');
    await snapshots.commit('sha256:' + '9'.repeat(64), 'orphan-layer');
    const res = await svc.garbageCollect();
    assert.deepEqual(res, { blobs: 1, snapshots: 2 });
    assert.deepEqual((await snapshots.list()).map((s) => s.name), [keep.chainIds[0]]);
    assert.equal((await content.list()).length, 3);
    const dir = path.join(base, 'snapshots', 'snapshots');
    assert.equal((await readdir(dir)).length, 1);
  });

  test('collectSnapshots drops container layers whose container is gone', async () => {
    const keep = await svc.resolve('keep');
    await svc.prepareContainerRootfs('live-ctr', keep.id);
    await svc.prepareContainerRootfs('dead-ctr', keep.id);
    await svc.collectSnapshots(new Set(['live-ctr']));
    assert.deepEqual((await snapshots.list()).map((s) => s.name).sort(), [keep.chainIds[0], 'live-ctr'].sort());
  });
});
