import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { readTar } from '../../archive/tar-reader.js';
import { UstarWriter } from './ustar-writer.js';

async function build(write: (w: UstarWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  await write(new UstarWriter(out));
  await done;
  return Buffer.concat(chunks);
}

test('GNU tar and berth\'s reader both read what the writer writes', async () => {
  const longName = `${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
  const veryLong = 'x'.repeat(300);
  const tar = await build(async (w) => {
    await w.add({ name: 'dir', type: 'directory', mode: 0o755, mtime: 1_700_000_000 });
    await w.add({ name: 'dir/file.txt', type: 'file', mode: 0o640, uid: 1000, gid: 100, mtime: 1_700_000_000 }, Buffer.from('hello\n'));
    await w.add({ name: 'dir/streamed', type: 'file', mode: 0o755, size: 70_000 }, Readable.from([Buffer.alloc(30_000, 1), Buffer.alloc(40_000, 2)]));
    await w.add({ name: 'dir/link', type: 'symlink', mode: 0o777, linkname: '/bin/busybox' });
    await w.add({ name: 'dir/hard', type: 'hardlink', mode: 0o640, linkname: 'dir/file.txt' });
    await w.add({ name: longName, type: 'file', mode: 0o644 }, Buffer.from('long'));
    await w.add({ name: veryLong, type: 'file', mode: 0o644 }, Buffer.from('pax'));
    await w.add({ name: 'tmp', type: 'directory', mode: 0o1777 });
    await w.finish();
  });
  assert.equal(tar.length % 512, 0);

  const dir = mkdtempSync(path.join(tmpdir(), 'berth-ustar-'));
  try {
    writeFileSync(path.join(dir, 't.tar'), tar);
    const listing = execFileSync('tar', ['-tvf', path.join(dir, 't.tar')], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(listing.length, 8);
    assert.match(listing[1]!, /^-rw-r----- 1000\/100 +6 .* dir\/file\.txt$/);
    assert.match(listing[3]!, /^lrwxrwxrwx .* dir\/link -> \/bin\/busybox$/);
    assert.match(listing[4]!, /^hrw-r----- .* dir\/hard link to dir\/file\.txt$/);
    assert.ok(listing[5]!.endsWith(longName));
    assert.ok(listing[6]!.endsWith(veryLong));
    assert.match(listing[7]!, /^drwxrwxrwt /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const seen: { name: string; type: string; size: number; body: number }[] = [];
  for await (const { header, body } of readTar(Readable.from([tar]))) {
    let n = 0;
    for await (const c of body) n += (c as Buffer).length;
    seen.push({ name: header.name, type: header.type, size: header.size, body: n });
  }
  assert.deepEqual(seen.map((e) => e.name), ['dir/', 'dir/file.txt', 'dir/streamed', 'dir/link', 'dir/hard', longName, veryLong, 'tmp/']);
  assert.equal(seen[2]!.body, 70_000);
});

test('a body that doesn\'t match the declared size is an error', async () => {
  const out = new PassThrough();
  out.resume();
  const w = new UstarWriter(out);
  await assert.rejects(w.add({ name: 'f', type: 'file', mode: 0o644, size: 10 }, Readable.from([Buffer.alloc(5)])), /changed size/);
});
