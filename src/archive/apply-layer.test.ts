import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EngineError } from '../core/engine-error.js';
import { lgetxattr, lsetxattr } from '../sys/libc.js';
import { mountAll, unmount } from '../sys/mount.js';
import { applyLayer } from './apply-layer.js';
import { type TarWriteEntry, TarWriter } from './tar-writer.js';

async function tarOf(entries: Array<[TarWriteEntry, (Buffer | string)?]>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new TarWriter(out);
  for (const [e, body] of entries) await w.add(e, body === undefined ? undefined : Buffer.from(body));
  await w.finish();
  return Buffer.concat(chunks);
}

const stream = (b: Buffer) => Readable.from([b], { objectMode: false });
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const isInvalid = (re: RegExp) => (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message);

let base: string;
let n = 0;
async function freshDir(): Promise<string> {
  const d = path.join(base, `t${n++}`);
  await mkdir(d, { recursive: true });
  return d;
}

before(async () => {
  base = await mkdtemp('/var/tmp/berth-test-images-apply-');
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('applyLayer', () => {
  test('every entry type with owner, mode, mtime and xattrs; diffID over the uncompressed stream', async () => {
    const tar = await tarOf([
      [{ name: 'tmp', type: 'directory', mode: 0o1777, mtime: 1_000_000 }],
      [{ name: 'bin', type: 'directory', mode: 0o755, uid: 7, gid: 8, mtime: 2_000_000 }],
      [{ name: 'bin/su', type: 'file', mode: 0o4755, uid: 1000, gid: 1001, mtime: 3_000_000 }, 'setuid'],
      [{ name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox', uid: 5, gid: 6, mtime: 4_000_000 }],
      [{ name: 'bin/su2', type: 'link', linkname: 'bin/su' }],
      [{ name: 'dev', type: 'directory', mode: 0o755, mtime: 5_000_000 }],
      [{ name: 'dev/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3, mtime: 6_000_000 }],
      [{ name: 'dev/loop9', type: 'block', mode: 0o660, devmajor: 7, devminor: 9 }],
      [{ name: 'dev/fifo', type: 'fifo', mode: 0o620 }],
      [{ name: 'x', type: 'file', mode: 0o644, xattrs: { 'user.k': 'v', 'security.capability': Buffer.from([1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'trusted.overlay.redirect': '/etc' } }, ''],
      [{ name: '/abs/file', type: 'file' }, 'made relative'],
    ]);
    const dir = await freshDir();
    const res = await applyLayer(stream(tar), dir);
    assert.equal(res.diffId, sha(tar));
    assert.equal(res.size, tar.length);

    const tmp = await stat(path.join(dir, 'tmp'));
    assert.equal(tmp.mode & 0o7777, 0o1777);
    assert.equal(tmp.mtimeMs, 1_000_000_000);
    const bin = await stat(path.join(dir, 'bin'));
    assert.deepEqual([bin.uid, bin.gid, bin.mtimeMs], [7, 8, 2_000_000_000]);
    const su = await stat(path.join(dir, 'bin/su'));
    assert.deepEqual([su.mode & 0o7777, su.uid, su.gid, su.mtimeMs, su.nlink], [0o4755, 1000, 1001, 3_000_000_000, 2]);
    assert.equal(await readFile(path.join(dir, 'bin/su2'), 'utf8'), 'setuid');
    assert.equal((await stat(path.join(dir, 'bin/su2'))).ino, su.ino);
    const sh = await lstat(path.join(dir, 'bin/sh'));
    assert.ok(sh.isSymbolicLink());
    assert.deepEqual([sh.uid, sh.gid, sh.mtimeMs], [5, 6, 4_000_000_000]);
    assert.equal(await readlink(path.join(dir, 'bin/sh')), '/bin/busybox');
    const nul = await lstat(path.join(dir, 'dev/null'));
    assert.ok(nul.isCharacterDevice());
    assert.equal(nul.rdev, 0x103);
    assert.equal(nul.mode & 0o7777, 0o666);
    const loop = await lstat(path.join(dir, 'dev/loop9'));
    assert.ok(loop.isBlockDevice());
    assert.equal(loop.rdev, 0x709);
    const fifo = await lstat(path.join(dir, 'dev/fifo'));
    assert.ok(fifo.isFIFO());
    assert.equal(fifo.mode & 0o7777, 0o620);
    assert.equal(lgetxattr(path.join(dir, 'x'), 'user.k')?.toString(), 'v');
    assert.equal(lgetxattr(path.join(dir, 'x'), 'security.capability')?.length, 20);
    assert.equal(lgetxattr(path.join(dir, 'x'), 'trusted.overlay.redirect'), undefined, 'a layer cannot forge overlay xattrs');
    assert.equal(await readFile(path.join(dir, 'abs/file'), 'utf8'), 'made relative');
  });

  test('gzip input yields the diffID of the uncompressed tar', async () => {
    const tar = await tarOf([[{ name: 'f', type: 'file' }, 'data']]);
    const res = await applyLayer(stream(gzipSync(tar)), await freshDir());
    assert.equal(res.diffId, sha(tar));
    assert.equal(res.size, tar.length);
  });

  test('trailing padding after the end marker is part of the diffID', async () => {
    const tar = Buffer.concat([await tarOf([[{ name: 'f', type: 'file' }, 'data']]), Buffer.alloc(8192)]);
    const res = await applyLayer(stream(tar), await freshDir());
    assert.equal(res.diffId, sha(tar));
  });

  test('whiteouts and opaque directories hide lower content once mounted', async () => {
    const dir = await freshDir();
    const lower = path.join(dir, 'lower');
    await mkdir(path.join(lower, 'sub'), { recursive: true });
    await mkdir(path.join(lower, 'keep'), { recursive: true });
    await writeFile(path.join(lower, 'gone'), 'old');
    await writeFile(path.join(lower, 'sub/old'), 'old');
    await writeFile(path.join(lower, 'keep/stays'), 'old');
    const upper = path.join(dir, 'upper');
    await mkdir(upper);
    const tar = await tarOf([
      [{ name: '.wh.gone', type: 'file', uid: 0 }, ''],
      [{ name: 'sub', type: 'directory' }],
      [{ name: 'sub/.wh..wh..opq', type: 'file' }, ''],
      [{ name: 'sub/new', type: 'file' }, 'new'],
      [{ name: 'keep/.wh..wh.plnk', type: 'file' }, ''],
      [{ name: 'keep/added', type: 'file' }, 'new'],
    ]);
    await applyLayer(stream(tar), upper, { parents: [lower] });
    const wo = await lstat(path.join(upper, 'gone'));
    assert.ok(wo.isCharacterDevice());
    assert.equal(wo.rdev, 0);
    assert.equal(lgetxattr(path.join(upper, 'sub'), 'trusted.overlay.opaque')?.toString(), 'y');
    assert.equal(lgetxattr(path.join(upper, 'keep'), 'trusted.overlay.opaque'), undefined);

    const work = path.join(dir, 'work');
    const merged = path.join(dir, 'merged');
    await mkdir(work);
    await mkdir(merged);
    mountAll([{ type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${lower}`, `upperdir=${upper}`, `workdir=${work}`] }], merged);
    try {
      assert.deepEqual((await readdir(merged)).sort(), ['keep', 'sub']);
      assert.deepEqual(await readdir(path.join(merged, 'sub')), ['new']);
      assert.deepEqual((await readdir(path.join(merged, 'keep'))).sort(), ['added', 'stays']);
    } finally {
      await unmount(merged);
    }
  });

  test('implied parent directories copy metadata from the nearest lower', async () => {
    const dir = await freshDir();
    const lower = path.join(dir, 'lower');
    await mkdir(path.join(lower, 'usr/lib'), { recursive: true, mode: 0o700 });
    await chown(path.join(lower, 'usr/lib'), 5, 6);
    const upper = path.join(dir, 'upper');
    await mkdir(upper);
    await applyLayer(stream(await tarOf([[{ name: 'usr/lib/x', type: 'file' }, 'x'], [{ name: 'new/dir/y', type: 'file' }, 'y']])), upper, { parents: [lower] });
    const lib = await stat(path.join(upper, 'usr/lib'));
    assert.deepEqual([lib.mode & 0o7777, lib.uid, lib.gid], [0o700, 5, 6]);
    assert.equal((await stat(path.join(upper, 'new/dir'))).mode & 0o7777, 0o755);
  });

  test('later entries replace earlier ones of another type', async () => {
    const dir = await freshDir();
    await applyLayer(stream(await tarOf([
      [{ name: 'a', type: 'file' }, 'file first'],
      [{ name: 'a', type: 'directory' }],
      [{ name: 'a/inside', type: 'file' }, 'x'],
      [{ name: 'b', type: 'directory' }],
      [{ name: 'b/c', type: 'file' }, 'x'],
      [{ name: 'b', type: 'symlink', linkname: '/etc' }],
      [{ name: 'f', type: 'file' }, 'one'],
      [{ name: 'f', type: 'file' }, 'two'],
    ])), dir);
    assert.ok((await lstat(path.join(dir, 'a'))).isDirectory());
    assert.ok((await lstat(path.join(dir, 'b'))).isSymbolicLink());
    assert.equal(await readFile(path.join(dir, 'f'), 'utf8'), 'two');
  });

  test('a layer made by GNU tar (pax, xattrs) unpacks to the same tree', async () => {
    const dir = await freshDir();
    const src = path.join(dir, 'src');
    await mkdir(path.join(src, 'etc'), { recursive: true });
    await writeFile(path.join(src, 'etc/hosts'), '127.0.0.1 localhost\n', { mode: 0o640 });
    lsetxattr(path.join(src, 'etc/hosts'), 'user.note', Buffer.from('kept'));
    await mkdir(path.join(src, `${'deep'.repeat(30)}`));
    await writeFile(path.join(src, `${'deep'.repeat(30)}/${'f'.repeat(110)}`), 'long');
    const tar = execFileSync('tar', ['-C', src, '--format=posix', '--xattrs', '--xattrs-include=user.*', '-cf', '-', '.']);
    const out = path.join(dir, 'out');
    await mkdir(out);
    const res = await applyLayer(stream(tar), out);
    assert.equal(res.diffId, sha(tar));
    assert.equal(await readFile(path.join(out, 'etc/hosts'), 'utf8'), '127.0.0.1 localhost\n');
    assert.equal((await stat(path.join(out, 'etc/hosts'))).mode & 0o777, 0o640);
    assert.equal(lgetxattr(path.join(out, 'etc/hosts'), 'user.note')?.toString(), 'kept');
    assert.equal(await readFile(path.join(out, `${'deep'.repeat(30)}/${'f'.repeat(110)}`), 'utf8'), 'long');
  });

  test('an aborted signal stops the unpack', async () => {
    const ac = new AbortController();
    ac.abort(new Error('client went away'));
    await assert.rejects(applyLayer(stream(await tarOf([[{ name: 'f', type: 'file' }, 'x']])), await freshDir(), { signal: ac.signal }), /client went away/);
  });
});

describe('applyLayer refuses escapes', () => {
  const cases: Array<[string, Array<[TarWriteEntry, string?]>, RegExp]> = [
    ['dot-dot out of the root', [[{ name: '../evil', type: 'file' }, 'x']], /escapes/],
    ['nested dot-dot out of the root', [[{ name: 'a/../../evil', type: 'file' }, 'x']], /escapes/],
    ['write through a symlink to outside', [[{ name: 'link', type: 'symlink', linkname: '__OUTSIDE__' }], [{ name: 'link/evil', type: 'file' }, 'x']], /symlinked directory/],
    ['write through a relative symlink to ..', [[{ name: 'up', type: 'symlink', linkname: '..' }], [{ name: 'up/evil', type: 'file' }, 'x']], /symlinked directory/],
    ['write through a symlink inside the root', [[{ name: 'real', type: 'directory' }], [{ name: 'alias', type: 'symlink', linkname: 'real' }], [{ name: 'alias/f', type: 'file' }, 'x']], /symlinked directory/],
    ['whiteout through a symlink', [[{ name: 'link', type: 'symlink', linkname: '__OUTSIDE__' }], [{ name: 'link/.wh.victim', type: 'file' }, '']], /symlinked directory/],
    ['opaque through a symlink', [[{ name: 'link', type: 'symlink', linkname: '__OUTSIDE__' }], [{ name: 'link/.wh..wh..opq', type: 'file' }, '']], /symlinked directory/],
    ['hardlink to dot-dot', [[{ name: 'h', type: 'link', linkname: '../victim' }]], /escapes/],
    ['hardlink to an absolute host path', [[{ name: 'h', type: 'link', linkname: '__OUTSIDE__/victim' }]], /does not exist in the layer/],
    ['hardlink through a symlink', [[{ name: 'link', type: 'symlink', linkname: '__OUTSIDE__' }], [{ name: 'h', type: 'link', linkname: 'link/victim' }]], /symlink or non-directory/],
    ['hardlink to a directory', [[{ name: 'd', type: 'directory' }], [{ name: 'h', type: 'link', linkname: 'd' }]], /is a directory/],
    ['replacing the root with a file', [[{ name: './', type: 'file' }, 'x']], /layer root/],
  ];
  for (const [title, entries, re] of cases) {
    test(title, async () => {
      const dir = await freshDir();
      const outside = path.join(dir, 'outside');
      await mkdir(outside);
      await writeFile(path.join(outside, 'victim'), 'original');
      const root = path.join(dir, 'root');
      await mkdir(root);
      const fixed = entries.map(([e, b]): [TarWriteEntry, string?] => [
        { ...e, ...(e.linkname ? { linkname: e.linkname.replace('__OUTSIDE__', outside) } : {}) },
        b,
      ]);
      await assert.rejects(applyLayer(stream(await tarOf(fixed)), root), isInvalid(re));
      assert.deepEqual(await readdir(outside), ['victim']);
      assert.equal(await readFile(path.join(outside, 'victim'), 'utf8'), 'original');
      assert.deepEqual((await readdir(dir)).sort(), ['outside', 'root']);
    });
  }
});
