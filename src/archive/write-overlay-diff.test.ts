import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { lsetxattr } from '../sys/libc.js';
import { mountAll, unmount } from '../sys/mount.js';
import { applyLayer } from './apply-layer.js';
import { readTar } from './tar-reader.js';
import { TarWriter } from './tar-writer.js';
import { writeOverlayDiff } from './write-overlay-diff.js';

let base: string;
before(async () => { base = await mkdtemp('/var/tmp/berth-test-overlay-diff-'); });
after(async () => { await rm(base, { recursive: true, force: true }); });

async function diffTar(upper: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new TarWriter(out);
  await writeOverlayDiff(w, upper);
  await w.finish();
  return Buffer.concat(chunks);
}

async function entries(tar: Buffer): Promise<Array<{ name: string; type: string; size: number; mode: number; xattrs: string[] }>> {
  const out = [];
  for await (const e of readTar(Readable.from([tar]))) {
    out.push({ name: e.header.name, type: e.header.type, size: e.header.size, mode: e.header.mode, xattrs: Object.keys(e.header.xattrs).sort() });
  }
  return out;
}

describe('writeOverlayDiff', () => {
  test('what a container did through a real overlay mount becomes an OCI layer with whiteouts', async () => {
    const lower = path.join(base, 'lower');
    const upper = path.join(base, 'upper');
    const work = path.join(base, 'work');
    const merged = path.join(base, 'merged');
    for (const d of [path.join(lower, 'etc'), path.join(lower, 'data/old'), upper, work, merged]) await mkdir(d, { recursive: true });
    await writeFile(path.join(lower, 'etc/gone'), 'x');
    await writeFile(path.join(lower, 'etc/kept'), 'x');
    await writeFile(path.join(lower, 'data/old/f'), 'x');
    mountAll([{ type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${lower}`, `upperdir=${upper}`, `workdir=${work}`, 'index=off'] }], merged);
    try {
      await rm(path.join(merged, 'etc/gone'));
      await writeFile(path.join(merged, 'etc/new'), 'hello');
      await rm(path.join(merged, 'data'), { recursive: true });
      await mkdir(path.join(merged, 'data'), { mode: 0o750 });
      await writeFile(path.join(merged, 'data/fresh'), 'new');
      await symlink('/etc/new', path.join(merged, 'link'));
      await writeFile(path.join(merged, 'cap'), 'bin');
      lsetxattr(path.join(merged, 'cap'), 'user.note', Buffer.from('kept'));
    } finally {
      await unmount(merged, { detach: true });
    }
    const tar = await diffTar(upper);
    const got = await entries(tar);
    assert.deepEqual(got.map((e) => `${e.type} ${e.name}`), [
      'file cap',
      'directory data/',
      'file data/.wh..wh..opq',
      'file data/fresh',
      'directory etc/',
      'file etc/.wh.gone',
      'file etc/new',
      'symlink link',
    ]);
    const byName = new Map(got.map((e) => [e.name, e]));
    assert.equal(byName.get('etc/.wh.gone')!.mode, 0o600);
    assert.equal(byName.get('etc/.wh.gone')!.size, 0);
    assert.equal(byName.get('data/.wh..wh..opq')!.mode, 0o750);
    assert.deepEqual(byName.get('cap')!.xattrs, ['user.note']);
    for (const e of got) assert.ok(!e.xattrs.some((k) => k.includes('overlay')), `${e.name} carries an overlay xattr`);

    // Applied over the same lower, the layer gives the same view as the container had.
    const again = path.join(base, 'again');
    await mkdir(again);
    await applyLayer(Readable.from([tar]), again, { parents: [lower] });
    assert.deepEqual(await entries(await diffTar(again)).then((e) => e.map((x) => `${x.type} ${x.name}`)), got.map((e) => `${e.type} ${e.name}`));
  });

  test('an empty upper directory is an empty layer', async () => {
    const empty = path.join(base, 'empty');
    await mkdir(empty);
    assert.deepEqual(await diffTar(empty), Buffer.alloc(1024));
  });
});
