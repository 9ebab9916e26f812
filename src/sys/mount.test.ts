import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lgetxattr, llistxattr, lremovexattr, lsetxattr, major, makedev, minor, mknod } from './libc.js';
import { isMountPoint, listMountsUnder, mountAll, unmount } from './mount.js';
import { MS, parseMountOptions } from './mount-options.js';
import { parseMountInfo } from './mountinfo.js';
import { SysError } from './sys-error.js';

let base: string;
before(async () => {
  base = await mkdtemp('/var/tmp/berth-test-images-mount-');
});
after(async () => {
  await unmount(base, { recursive: true, detach: true });
  await rm(base, { recursive: true, force: true });
});

describe('mount options', () => {
  const cases: Array<[string[], number, number[], string[]]> = [
    [['ro', 'nosuid', 'nodev', 'noexec'], MS.RDONLY | MS.NOSUID | MS.NODEV | MS.NOEXEC, [], []],
    [['rbind', 'ro'], MS.BIND | MS.REC | MS.RDONLY, [], []],
    [['ro', 'rw'], 0, [], []],
    [['nosuid', 'suid', 'relatime'], MS.RELATIME, [], []],
    [['rprivate', 'bind'], MS.BIND, [MS.PRIVATE | MS.REC], []],
    [['lowerdir=/a:/b', 'upperdir=/u', 'index=off', 'ro'], MS.RDONLY, [], ['lowerdir=/a:/b', 'upperdir=/u', 'index=off']],
    [['size=64m', 'mode=1777', 'noexec'], MS.NOEXEC, [], ['size=64m', 'mode=1777']],
  ];
  for (const [opts, flags, prop, data] of cases) {
    test(opts.join(','), () => {
      assert.deepEqual(parseMountOptions(opts), { flags, propagation: prop, data });
    });
  }
});

describe('mountinfo', () => {
  test('parses fields and octal escapes', () => {
    const text = [
      '36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 - ext3 /dev/root rw,errors=continue',
      '40 36 0:50 / /run/x rw shared:2 unbindable - overlay overlay rw,lowerdir=/a:/b',
      '',
    ].join('\n');
    const got = parseMountInfo(text);
    assert.equal(got.length, 2);
    assert.deepEqual(got[0], {
      id: 36, parentId: 35, root: '/mnt1', mountPoint: '/mnt two', options: ['rw', 'noatime'],
      fsType: 'ext3', source: '/dev/root', superOptions: ['rw', 'errors=continue'],
    });
    assert.equal(got[1]!.fsType, 'overlay');
    assert.deepEqual(got[1]!.superOptions, ['rw', 'lowerdir=/a:/b']);
  });
});

describe('libc', () => {
  test('makedev, major and minor agree with glibc for small and large numbers', () => {
    assert.equal(makedev(1, 3), 0x103n);
    assert.equal(makedev(8, 0), 0x800n);
    const big = makedev(0x12345, 0x6789a);
    assert.equal(major(big), 0x12345);
    assert.equal(minor(big), 0x6789a);
  });

  test('xattrs on a symlink itself, and ENODATA as undefined', async () => {
    const f = path.join(base, 'x');
    await writeFile(f, '');
    lsetxattr(f, 'user.a', Buffer.from('1'));
    lsetxattr(f, 'trusted.b', Buffer.from([0, 1, 2]));
    assert.deepEqual(llistxattr(f).sort(), ['trusted.b', 'user.a']);
    assert.deepEqual(lgetxattr(f, 'trusted.b'), Buffer.from([0, 1, 2]));
    assert.equal(lgetxattr(f, 'user.none'), undefined);
    lremovexattr(f, 'user.a');
    assert.deepEqual(llistxattr(f), ['trusted.b']);
  });

  test('failures throw SysError with the errno name', () => {
    assert.throws(() => mknod(path.join(base, 'no/such/dir/node'), 0o010644, 0n), (e: unknown) => SysError.is(e, 'ENOENT') && e.syscall === 'mknod');
    assert.throws(() => lsetxattr(path.join(base, 'missing'), 'user.a', Buffer.from('1')), (e: unknown) => SysError.is(e, 'ENOENT'));
  });
});

describe('mountAll / unmount', () => {
  test('tmpfs, read-only bind and overlay; mount points listed; recursive unmount', async () => {
    const root = path.join(base, 'm1');
    const src = path.join(base, 'src1');
    await mkdir(path.join(root), { recursive: true });
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, 'hello'), 'hi');
    mountAll([{ type: 'tmpfs', source: 'tmpfs', target: '', options: ['nosuid', 'size=1m', 'mode=755'] }], root);
    await mkdir(path.join(root, 'ro'));
    mountAll([{ type: 'bind', source: src, target: 'ro', options: ['rbind', 'ro'] }], root);
    assert.equal(await readFile(path.join(root, 'ro/hello'), 'utf8'), 'hi');
    await assert.rejects(writeFile(path.join(root, 'ro/new'), 'x'), { code: 'EROFS' });
    assert.ok(await isMountPoint(root));
    assert.ok(await isMountPoint(path.join(root, 'ro')));
    assert.ok(!(await isMountPoint(src)));
    const under = await listMountsUnder(root);
    assert.deepEqual(under.map((m) => m.fsType), ['tmpfs', 'ext4']);
    assert.ok(under[0]!.options.includes('nosuid'));
    await unmount(root, { recursive: true });
    assert.deepEqual(await listMountsUnder(root), []);
    await unmount(root); // not mounted any more: no error
  });

  test('a failing mount undoes the ones before it', async () => {
    const root = path.join(base, 'm2');
    await mkdir(root, { recursive: true });
    assert.throws(() =>
      mountAll([
        { type: 'tmpfs', source: 'tmpfs', target: '', options: [] },
        { type: 'bind', source: path.join(base, 'nope'), target: 'missing', options: ['bind'] },
      ], root), (e: unknown) => SysError.is(e, 'ENOENT'));
    assert.equal(await isMountPoint(root), false);
  });

  test('overlay with more lowerdirs than fit in a page', async () => {
    const dir = path.join(base, `m3-${'long-path-component-'.repeat(4)}`);
    const lowers: string[] = [];
    for (let i = 0; i < 80; i++) {
      const l = path.join(dir, 'layers', String(i).padStart(3, '0'), 'fs');
      await mkdir(l, { recursive: true });
      await writeFile(path.join(l, `f${i}`), String(i));
      lowers.push(l);
    }
    await writeFile(path.join(lowers[79]!, 'shadowed'), 'bottom');
    await writeFile(path.join(lowers[0]!, 'shadowed'), 'top');
    const upper = path.join(dir, 'upper');
    const work = path.join(dir, 'work');
    const merged = path.join(dir, 'merged');
    for (const d of [upper, work, merged]) await mkdir(d, { recursive: true });
    const options = [`lowerdir=${lowers.join(':')}`, `upperdir=${upper}`, `workdir=${work}`, 'index=off'];
    assert.ok(options.join(',').length > 4096);
    mountAll([{ type: 'overlay', source: 'overlay', target: '', options }], merged);
    try {
      assert.equal((await readdir(merged)).length, 81);
      assert.equal(await readFile(path.join(merged, 'shadowed'), 'utf8'), 'top');
      await writeFile(path.join(merged, 'new'), 'x');
      assert.deepEqual(await readdir(upper), ['new']);
      const info = (await listMountsUnder(merged))[0]!;
      assert.equal(info.fsType, 'overlay');
    } finally {
      await unmount(merged);
    }
  });

  test('overlay read-only with few layers uses mount(2) and honours ro', async () => {
    const dir = path.join(base, 'm4');
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    const merged = path.join(dir, 'merged');
    for (const d of [a, b, merged]) await mkdir(d, { recursive: true });
    await writeFile(path.join(a, 'fa'), 'a');
    await writeFile(path.join(b, 'fb'), 'b');
    mountAll([{ type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${a}:${b}`, 'ro'] }], merged);
    try {
      assert.deepEqual((await readdir(merged)).sort(), ['fa', 'fb']);
      await assert.rejects(writeFile(path.join(merged, 'x'), ''), { code: 'EROFS' });
    } finally {
      await unmount(merged, { detach: true });
    }
  });
});
