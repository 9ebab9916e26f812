import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mountAll, unmount } from '../../sys/mount.js';
import { snapshotterSuite } from '../testsuite.js';
import { OverlaySnapshotter } from './overlay-snapshotter.js';

snapshotterSuite('overlay', (root) => OverlaySnapshotter.open(root));

let base: string;
before(async () => {
  base = await mkdtemp('/var/tmp/berth-test-images-overlay-');
});
after(async () => {
  await unmount(base, { recursive: true, detach: true });
  await rm(base, { recursive: true, force: true });
});

test('overlay: mounts are a bind for a base layer and overlay above it', async () => {
  const root = await mkdtemp(path.join(base, 'm-'));
  const s = await OverlaySnapshotter.open(root);
  const m1 = await s.prepare('a', '');
  assert.deepEqual(m1, [{ type: 'bind', source: path.join(root, 'snapshots/1/fs'), target: '', options: ['rbind', 'rw'] }]);
  await s.commit('A', 'a');
  await assert.rejects(stat(path.join(root, 'snapshots/1/work')), { code: 'ENOENT' });
  assert.deepEqual(await s.view('v', 'A'), [{ type: 'bind', source: path.join(root, 'snapshots/1/fs'), target: '', options: ['rbind', 'ro'] }]);
  const m2 = await s.prepare('b', 'A');
  assert.deepEqual(m2, [{
    type: 'overlay',
    source: 'overlay',
    target: '',
    options: [`lowerdir=${path.join(root, 'snapshots/1/fs')}`, `upperdir=${path.join(root, 'snapshots/3/fs')}`, `workdir=${path.join(root, 'snapshots/3/work')}`, 'index=off'],
  }]);
  assert.equal(s.applyDir('b'), path.join(root, 'snapshots/3/fs'));
});

test('overlay: cleanup removes directories and temp files a crash left behind', async () => {
  const root = await mkdtemp(path.join(base, 'c-'));
  const s = await OverlaySnapshotter.open(root);
  await s.prepare('live', '');
  for (const d of ['7/fs', 'new-abc/fs', 'rm-def/fs']) await mkdir(path.join(root, 'snapshots', d), { recursive: true });
  await writeFile(path.join(root, '.metadata.json.tmp-123'), '{"half');
  const s2 = await OverlaySnapshotter.open(root);
  await s2.cleanup();
  assert.deepEqual(await readdir(path.join(root, 'snapshots')), ['1']);
  assert.deepEqual((await readdir(root)).sort(), ['metadata.json', 'snapshots']);
  // An id dir left by a crash between rename and metadata write is reclaimed by the next prepare too.
  await mkdir(path.join(root, 'snapshots/2/fs/stale'), { recursive: true });
  await s2.prepare('next', '');
  assert.deepEqual(await readdir(s2.applyDir('next')), []);
});

test('overlay: a chain deeper than one page of mount options mounts', async () => {
  const root = await mkdtemp(path.join(base, `deep-${'x'.repeat(40)}-`));
  const s = await OverlaySnapshotter.open(root);
  let parent = '';
  for (let i = 0; i < 90; i++) {
    const key = `k${i}`;
    await s.prepare(key, parent);
    await writeFile(path.join(s.applyDir(key), `f${i}`), String(i));
    await s.commit(`layer-${i}`, key);
    parent = `layer-${i}`;
  }
  const mounts = await s.prepare('top', parent);
  assert.ok(mounts[0]!.options.join(',').length > 4096);
  const dir = await mkdtemp(path.join(base, 'deepmnt-'));
  mountAll(mounts, dir);
  try {
    assert.equal((await readdir(dir)).length, 90);
    assert.equal(await readFile(path.join(dir, 'f0'), 'utf8'), '0');
  } finally {
    await unmount(dir);
  }
});

const here = path.dirname(fileURLToPath(import.meta.url));
const child = `
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
const { OverlaySnapshotter } = await import(${JSON.stringify(path.join(here, 'overlay-snapshotter.js'))});
const s = await OverlaySnapshotter.open(process.argv[1]);
let parent = '';
for (let i = 0; ; i++) {
  await s.prepare('k' + i, parent);
  const dir = s.applyDir('k' + i);
  for (let f = 0; f < 40; f++) await writeFile(path.join(dir, 'f' + f), 'x'.repeat(100));
  await s.commit('c' + i, 'k' + i);
  parent = 'c' + i;
  if (i === 2) process.stdout.write('ready\\n');
}
`;

test('overlay: kill -9 at any moment leaves only complete snapshots', async () => {
  for (const delay of [0, 7, 23, 61]) {
    const root = await mkdtemp(path.join(base, 'kill-'));
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child, root], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      proc.stdout.once('data', () => resolve());
      proc.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, delay));
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));

    const s = await OverlaySnapshotter.open(root);
    await s.cleanup();
    const infos = await s.list();
    const committed = infos.filter((i) => i.kind === 'committed');
    assert.ok(committed.length >= 3);
    for (const c of committed) {
      const mounts = await s.view(`check-${c.name}`, c.name);
      const dir = mounts[0]!.type === 'bind' ? mounts[0]!.source : undefined;
      if (dir) assert.equal((await readdir(dir)).length, 40, `${c.name} is complete`);
      assert.equal((await s.usage(c.name)).size, 4000);
      await s.remove(`check-${c.name}`);
    }
    // Each chain link is intact: every parent is a committed snapshot.
    for (const i of infos) if (i.parent) assert.equal((await s.stat(i.parent)).kind, 'committed');
    const ids = (await readdir(path.join(root, 'snapshots'))).length;
    assert.equal(ids, (await s.list()).length, 'no unreferenced directories after cleanup');
  }
});

test('overlay: a root on overlayfs is refused with a clear error', async () => {
  const dir = await mkdtemp(path.join(base, 'onoverlay-'));
  for (const d of ['l', 'u', 'w', 'm']) await mkdir(path.join(dir, d));
  mountAll([{ type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${dir}/l`, `upperdir=${dir}/u`, `workdir=${dir}/w`] }], path.join(dir, 'm'));
  try {
    await assert.rejects(OverlaySnapshotter.open(path.join(dir, 'm', 'root')), (e: unknown) => e instanceof Error && 'code' in e && e.code === 'unavailable' && /on overlayfs/.test(e.message));
  } finally {
    await unmount(path.join(dir, 'm'));
  }
});
