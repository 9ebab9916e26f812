import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, link, chmod, utimes } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EngineError } from '../core/engine-error.js';
import { decompress, detectCompression } from './decompress.js';
import { layerPathSegments } from './layer-path.js';
import type { TarHeader } from './tar-header.js';
import { readTar } from './tar-reader.js';
import { type TarWriteEntry, TarWriter } from './tar-writer.js';

async function buildTar(fill: (w: TarWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new TarWriter(out);
  await fill(w);
  await w.finish();
  return Buffer.concat(chunks);
}

interface ReadEntry {
  header: TarHeader;
  content: Buffer;
}

async function readAll(tar: Buffer | Readable, opts: { consume?: boolean; chunk?: number } = {}): Promise<ReadEntry[]> {
  const source = Buffer.isBuffer(tar) ? chunked(tar, opts.chunk ?? 7919) : tar;
  const out: ReadEntry[] = [];
  for await (const e of readTar(source)) {
    let content = Buffer.alloc(0);
    if (opts.consume !== false) {
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(c as Buffer);
      content = Buffer.concat(parts);
    }
    out.push({ header: e.header, content });
  }
  return out;
}

/** Feeds a buffer in odd-sized chunks so headers and bodies straddle chunk edges. */
function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

const longDir = 'd'.repeat(120);
const veryLong = `${'x'.repeat(200)}/${'y'.repeat(150)}/file`;

const entries: Array<[TarWriteEntry, Buffer?]> = [
  [{ name: 'dir', type: 'directory', mode: 0o1777, uid: 0, gid: 0, mtime: 1_600_000_000 }],
  [{ name: 'dir/file.txt', type: 'file', mode: 0o4755, uid: 1000, gid: 1001, uname: 'alice', gname: 'staff', mtime: 1_600_000_001 }, Buffer.from('hello world\n')],
  [{ name: 'dir/empty', type: 'file', mode: 0o600, mtime: 1 }, Buffer.alloc(0)],
  [{ name: 'dir/big', type: 'file', mode: 0o644, mtime: 2 }, Buffer.alloc(200_000, 7)],
  [{ name: 'dir/sym', type: 'symlink', linkname: '../etc/passwd', mtime: 3 }],
  [{ name: 'dir/hard', type: 'link', linkname: 'dir/file.txt', mtime: 4 }],
  [{ name: 'dev/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3, mtime: 5 }],
  [{ name: 'dev/sda', type: 'block', mode: 0o660, devmajor: 8, devminor: 0, mtime: 6 }],
  [{ name: 'dev/fifo', type: 'fifo', mode: 0o644, mtime: 7 }],
  [{ name: `${longDir}/${'f'.repeat(90)}`, type: 'file', mtime: 8 }, Buffer.from('prefix split')],
  [{ name: veryLong, type: 'file', mtime: 9 }, Buffer.from('pax path')],
  [{ name: 'links/long', type: 'symlink', linkname: 'z'.repeat(300), mtime: 10 }],
  [{ name: 'héllo/wörld', type: 'file', mtime: 11 }, Buffer.from('utf8')],
  [{ name: 'ids', type: 'file', uid: 70_000_000, gid: 3_000_000, mtime: 12 }, Buffer.from('x')],
  [{ name: 'xattr', type: 'file', mtime: 13, xattrs: { 'user.k': 'v', 'security.capability': Buffer.from([1, 0, 0, 2, 0xff]) } }, Buffer.from('')],
];

describe('tar writer and reader', () => {
  test('round-trip every entry type and pax/ustar field', async () => {
    const tar = await buildTar(async (w) => {
      for (const [e, body] of entries) await w.add(e, body);
    });
    assert.equal(tar.length % 512, 0);
    const got = await readAll(tar);
    assert.equal(got.length, entries.length);
    for (let i = 0; i < entries.length; i++) {
      const [want, body] = entries[i]!;
      const { header: h, content } = got[i]!;
      const wantName = want.type === 'directory' ? `${want.name}/` : want.name;
      assert.equal(h.name, wantName, `name of #${i}`);
      assert.equal(h.type, want.type);
      assert.equal(h.mtime, want.mtime);
      if (want.mode !== undefined) assert.equal(h.mode, want.mode);
      assert.equal(h.uid, want.uid ?? 0);
      assert.equal(h.gid, want.gid ?? 0);
      assert.equal(h.linkname, want.linkname ?? '');
      assert.equal(h.devmajor, want.devmajor ?? 0);
      assert.equal(h.devminor, want.devminor ?? 0);
      if (want.uname) assert.equal(h.uname, want.uname);
      assert.deepEqual(content, want.type === 'file' ? (body ?? Buffer.alloc(0)) : Buffer.alloc(0));
      for (const [k, v] of Object.entries(want.xattrs ?? {})) assert.deepEqual(h.xattrs[k], Buffer.from(v));
    }
  });

  test('bodies left unread are skipped, partly read ones too', async () => {
    const tar = await buildTar(async (w) => {
      for (const [e, body] of entries) await w.add(e, body);
    });
    const names: string[] = [];
    for await (const e of readTar(chunked(tar, 1000))) {
      names.push(e.header.name);
      if (e.header.name === 'dir/big') {
        const it = e.body[Symbol.asyncIterator]();
        const first = await it.next();
        assert.ok((first.value as Buffer).length > 0);
      }
    }
    assert.equal(names.length, entries.length);
    assert.equal(names[names.length - 1], 'xattr');
  });

  test('a corrupted checksum and a truncated stream are invalid_argument', async () => {
    const tar = await buildTar(async (w) => {
      await w.add({ name: 'a', type: 'file' }, Buffer.alloc(1000, 1));
    });
    const bad = Buffer.from(tar);
    bad[10] = 0x41;
    await assert.rejects(readAll(bad), (e: unknown) => EngineError.is(e, 'invalid_argument') && /checksum/.test(e.message));
    await assert.rejects(readAll(tar.subarray(0, 700)), (e: unknown) => EngineError.is(e, 'invalid_argument'));
    await assert.rejects(readAll(tar.subarray(0, 300)), (e: unknown) => EngineError.is(e, 'invalid_argument'));
  });

  test('body longer or shorter than the declared size is refused by the writer', async () => {
    const w = new TarWriter(new PassThrough().resume());
    await assert.rejects(w.add({ name: 'a', type: 'file', size: 3 }, Readable.from([Buffer.from('abcd')])), /longer/);
    const w2 = new TarWriter(new PassThrough().resume());
    await assert.rejects(w2.add({ name: 'a', type: 'file', size: 5 }, Readable.from([Buffer.from('abcd')])), /4 bytes/);
  });
});

describe('interop with GNU tar', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp('/var/tmp/berth-test-images-tar-');
    const src = path.join(dir, 'src');
    await mkdir(path.join(src, longDir, 'sub'), { recursive: true });
    await writeFile(path.join(src, 'a.txt'), 'alpha');
    await writeFile(path.join(src, longDir, 'sub', `${'n'.repeat(120)}.txt`), 'long name');
    await symlink('z'.repeat(150), path.join(src, 'longlink'));
    await link(path.join(src, 'a.txt'), path.join(src, 'a-hard'));
    await chmod(path.join(src, 'a.txt'), 0o2751);
    await utimes(path.join(src, 'a.txt'), 1_500_000_000, 1_500_000_000);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const format of ['gnu', 'posix', 'ustar']) {
    test(`reads GNU tar --format=${format}`, async (t) => {
      const file = path.join(dir, `${format}.tar`);
      const args = ['-C', path.join(dir, 'src'), `--format=${format}`, '--sort=name', '-cf', file, '.'];
      try {
        execFileSync('tar', args, { stdio: 'pipe' });
      } catch (err) {
        if (format === 'ustar') return t.skip('GNU tar cannot store these names as ustar');
        throw err;
      }
      const got = await readAll(await readFile(file));
      const byName = new Map(got.map((e) => [e.header.name.replace(/^\.\//, ''), e]));
      // Sorted by name, a-hard comes first and carries the data; a.txt links to it.
      assert.equal(byName.get('a-hard')?.content.toString(), 'alpha');
      assert.equal(byName.get('a-hard')?.header.mode, 0o2751);
      assert.equal(byName.get('a-hard')?.header.mtime, 1_500_000_000);
      assert.equal(byName.get('a.txt')?.header.type, 'link');
      assert.equal(byName.get('a.txt')?.header.linkname.replace(/^\.\//, ''), 'a-hard');
      assert.equal(byName.get(`${longDir}/sub/${'n'.repeat(120)}.txt`)?.content.toString(), 'long name');
      assert.equal(byName.get('longlink')?.header.linkname, 'z'.repeat(150));
      assert.equal(byName.get(`${longDir}/`)?.header.type, 'directory');
    });
  }

  test('GNU tar extracts what the writer wrote', async () => {
    const tar = await buildTar(async (w) => {
      await w.addPath(path.join(dir, 'src'), '.');
      for (const name of ['a.txt', 'a-hard', 'longlink', longDir, `${longDir}/sub`, `${longDir}/sub/${'n'.repeat(120)}.txt`]) {
        await w.addPath(path.join(dir, 'src', name), name);
      }
      await w.add({ name: veryLong, type: 'file', mtime: 9 }, Buffer.from('pax path'));
    });
    const out = path.join(dir, 'out');
    await mkdir(out);
    execFileSync('tar', ['-C', out, '-xf', '-'], { input: tar });
    assert.equal(await readFile(path.join(out, 'a.txt'), 'utf8'), 'alpha');
    assert.equal(await readFile(path.join(out, veryLong), 'utf8'), 'pax path');
    assert.equal(await readFile(path.join(out, longDir, 'sub', `${'n'.repeat(120)}.txt`), 'utf8'), 'long name');
    const listing = execFileSync('tar', ['-tvf', '-'], { input: tar }).toString();
    assert.match(listing, /hrw.*a-hard link to a\.txt/);
    assert.match(listing, /-rwxr-s--x .* a\.txt/);
  });
});

describe('compression detection', () => {
  test('magic bytes', () => {
    assert.equal(detectCompression(gzipSync(Buffer.from('x'))), 'gzip');
    assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])), 'zstd');
    assert.equal(detectCompression(Buffer.from('BZh91AY')), 'bzip2');
    assert.equal(detectCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])), 'xz');
    assert.equal(detectCompression(Buffer.from('plain tar')), 'none');
    assert.equal(detectCompression(Buffer.alloc(0)), 'none');
  });

  test('gzip is decompressed transparently, even split in one-byte chunks', async () => {
    const tar = await buildTar(async (w) => {
      await w.add({ name: 'a', type: 'file' }, Buffer.from('zipped'));
    });
    const { compression, stream } = await decompress(chunked(gzipSync(tar), 1));
    assert.equal(compression, 'gzip');
    const got = await readAll(stream);
    assert.equal(got[0]?.content.toString(), 'zipped');
  });

  test('zstd and others are refused with not_implemented', async () => {
    const zstd = Readable.from([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])], { objectMode: false });
    await assert.rejects(decompress(zstd), (e: unknown) => EngineError.is(e, 'not_implemented') && /zstd/.test(e.message));
    const bz = Readable.from([Buffer.from('BZh91AY&SY')], { objectMode: false });
    await assert.rejects(decompress(bz), (e: unknown) => EngineError.is(e, 'not_implemented'));
  });
});

describe('layer paths', () => {
  const cases: Array<[string, string[] | 'escape']> = [
    ['a/b/c', ['a', 'b', 'c']],
    ['./a//b/', ['a', 'b']],
    ['/etc/passwd', ['etc', 'passwd']],
    ['/../../etc/passwd', ['etc', 'passwd']],
    ['a/../b', ['b']],
    ['.', []],
    ['./', []],
    ['../x', 'escape'],
    ['a/../../x', 'escape'],
    ['..', 'escape'],
  ];
  for (const [name, want] of cases) {
    test(JSON.stringify(name), () => {
      if (want === 'escape') assert.throws(() => layerPathSegments(name), (e: unknown) => EngineError.is(e, 'invalid_argument'));
      else assert.deepEqual(layerPathSegments(name), want);
    });
  }
});
