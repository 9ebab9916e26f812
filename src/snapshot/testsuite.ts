import assert from 'node:assert/strict';
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Mount } from '../core/mount.js';
import { EngineError } from '../core/engine-error.js';
import { TarWriter } from '../archive/tar-writer.js';
import { mountAll, unmount } from '../sys/mount.js';
import type { Snapshotter } from './snapshotter.js';

const is = (code: string) => (e: unknown) => EngineError.is(e) && e.code === code;

/**
 * The behaviour every Snapshotter must have, checked with real mounts (run as
 * root). `open(root)` opens the driver over `root`; opening the same root again
 * must see the same snapshots.
 */
export function snapshotterSuite(name: string, open: (root: string) => Promise<Snapshotter>): void {
  describe(`Snapshotter conformance: ${name}`, () => {
    let base: string;
    let n = 0;
    const freshRoot = async () => mkdtemp(path.join(base, `r${n++}-`));
    const fresh = async () => open(await freshRoot());

    async function withMount<T>(mounts: Mount[], fn: (dir: string) => Promise<T>): Promise<T> {
      const dir = await mkdtemp(path.join(base, 'mnt-'));
      mountAll(mounts, dir);
      try {
        return await fn(dir);
      } finally {
        await unmount(dir, { recursive: true });
        await rm(dir, { recursive: true, force: true });
      }
    }

    /** prepare + write files through the mount + commit, as a container commit would. */
    async function layer(s: Snapshotter, nameOf: string, parent: string, files: Record<string, string>): Promise<void> {
      const key = `${nameOf}-active`;
      await withMount(await s.prepare(key, parent), async (dir) => {
        for (const [f, content] of Object.entries(files)) {
          await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
          await writeFile(path.join(dir, f), content);
        }
      });
      await s.commit(nameOf, key);
    }

    before(async () => {
      base = await mkdtemp('/var/tmp/berth-test-images-snap-');
    });
    after(async () => {
      await unmount(base, { recursive: true, detach: true });
      await rm(base, { recursive: true, force: true });
    });

    test('a chain of layers: each sees its parents, writes land in its own layer', async () => {
      const s = await fresh();
      await layer(s, 'l1', '', { 'etc/hostname': 'one', 'bin/a': 'a' });
      await layer(s, 'l2', 'l1', { 'etc/hostname': 'two', 'bin/b': 'b' });
      const mounts = await s.prepare('ctr', 'l2');
      await withMount(mounts, async (dir) => {
        assert.equal(await readFile(path.join(dir, 'etc/hostname'), 'utf8'), 'two');
        assert.deepEqual((await readdir(path.join(dir, 'bin'))).sort(), ['a', 'b']);
        await writeFile(path.join(dir, 'bin/c'), 'c');
        await rm(path.join(dir, 'bin/a'));
      });
      // The lower layers are untouched: a second container still sees the original.
      await withMount(await s.prepare('ctr2', 'l2'), async (dir) => {
        assert.deepEqual((await readdir(path.join(dir, 'bin'))).sort(), ['a', 'b']);
      });
      // The first container's changes persist across remounts.
      await withMount(await s.mounts('ctr'), async (dir) => {
        assert.deepEqual((await readdir(path.join(dir, 'bin'))).sort(), ['b', 'c']);
      });
      const info = await s.stat('ctr');
      assert.deepEqual([info.kind, info.parent], ['active', 'l2']);
      const l2 = await s.stat('l2');
      assert.deepEqual([l2.kind, l2.parent], ['committed', 'l1']);
      assert.equal((await s.stat('l1')).parent, undefined);
      assert.deepEqual((await s.list()).map((i) => i.name).sort(), ['ctr', 'ctr2', 'l1', 'l2']);
    });

    test('views are read-only', async () => {
      const s = await fresh();
      await layer(s, 'base', '', { f: 'base' });
      await layer(s, 'top', 'base', { g: 'top' });
      for (const [key, parent, want] of [['v1', 'base', ['f']], ['v2', 'top', ['f', 'g']], ['v0', '', []]] as const) {
        await withMount(await s.view(key, parent), async (dir) => {
          assert.deepEqual((await readdir(dir)).sort(), want);
          await assert.rejects(writeFile(path.join(dir, 'new'), 'x'), { code: 'EROFS' });
        });
        assert.equal((await s.stat(key)).kind, 'view');
        await assert.rejects(s.commit(`${key}-c`, key), is('invalid_argument'));
      }
    });

    test('errors: existing key, missing or uncommitted parent, name taken, committed mounts', async () => {
      const s = await fresh();
      await layer(s, 'c', '', { f: 'x' });
      await s.prepare('a', '');
      await assert.rejects(s.prepare('a', ''), is('conflict'));
      await assert.rejects(s.prepare('c', ''), is('conflict'));
      await assert.rejects(s.prepare('b', 'nope'), is('not_found'));
      await assert.rejects(s.prepare('b', 'a'), is('invalid_argument'));
      await assert.rejects(s.commit('c', 'a'), is('conflict'));
      assert.equal((await s.stat('a')).kind, 'active', 'a failed commit leaves the active snapshot');
      await assert.rejects(s.commit('x', 'nope'), is('not_found'));
      await assert.rejects(s.mounts('c'), is('invalid_argument'));
      await assert.rejects(s.stat('nope'), is('not_found'));
      await assert.rejects(s.remove('nope'), is('not_found'));
      await assert.rejects(s.usage('nope'), is('not_found'));
    });

    test('removing a parent with children is a conflict; leaves first works', async () => {
      const s = await fresh();
      await layer(s, 'p', '', { f: 'x' });
      await s.prepare('child', 'p');
      await assert.rejects(s.remove('p'), is('conflict'));
      await s.remove('child');
      await s.remove('p');
      assert.deepEqual(await s.list(), []);
    });

    test('applyLayer unpacks into an active snapshot; whiteouts hide parent files', async () => {
      const s = await fresh();
      await layer(s, 'base', '', { 'keep': 'k', 'gone': 'g', 'dir/old': 'o' });
      await s.prepare('unpack', 'base');
      const out = new PassThrough();
      const w = new TarWriter(out);
      const done = (async () => {
        await w.add({ name: '.wh.gone', type: 'file' }, Buffer.alloc(0));
        await w.add({ name: 'dir', type: 'directory' });
        await w.add({ name: 'dir/.wh..wh..opq', type: 'file' }, Buffer.alloc(0));
        await w.add({ name: 'dir/new', type: 'file' }, Buffer.from('n'));
        await w.finish();
      })();
      const applied = await s.applyLayer('unpack', out);
      await done;
      assert.match(applied.diffId, /^sha256:[0-9a-f]{64}$/);
      assert.ok(applied.size >= 512 * 6);
      await s.commit('layer2', 'unpack');
      await withMount(await s.prepare('c', 'layer2'), async (dir) => {
        assert.deepEqual((await readdir(dir)).sort(), ['dir', 'keep']);
        assert.deepEqual(await readdir(path.join(dir, 'dir')), ['new']);
      });
      await assert.rejects(s.applyLayer('layer2', out), is('invalid_argument'));
    });

    test('usage counts file bytes once per inode', async () => {
      const s = await fresh();
      await withMount(await s.prepare('u', ''), async (dir) => {
        await writeFile(path.join(dir, 'a'), Buffer.alloc(1000));
        await link(path.join(dir, 'a'), path.join(dir, 'a2'));
        await mkdir(path.join(dir, 'd'));
        await writeFile(path.join(dir, 'd/b'), Buffer.alloc(234));
      });
      assert.deepEqual(await s.usage('u'), { size: 1234, inodes: 3 });
      await s.commit('uc', 'u');
      assert.deepEqual(await s.usage('uc'), { size: 1234, inodes: 3 });
    });

    test('state survives reopening; cleanup keeps live data', async () => {
      const root = await freshRoot();
      const s1 = await open(root);
      await layer(s1, 'persist', '', { f: 'still here' });
      await s1.prepare('act', 'persist', { labels: { 'x': 'y' } });
      const s2 = await open(root);
      await s2.cleanup();
      assert.equal((await s2.stat('persist')).kind, 'committed');
      assert.deepEqual((await s2.stat('act')).labels, { x: 'y' });
      await withMount(await s2.mounts('act'), async (dir) => {
        assert.equal(await readFile(path.join(dir, 'f'), 'utf8'), 'still here');
      });
      const d = await s2.describe('act');
      assert.ok(d.upperDir && d.lowerDir);
    });
  });
}
