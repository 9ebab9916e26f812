import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { readTar } from '../../archive/tar-reader.js';
import { busyboxProblem, HOST_BUSYBOX, writeBusyboxRootfs } from './busybox-rootfs.js';

const haveBusybox = existsSync(HOST_BUSYBOX) && busyboxProblem() === undefined;

test('a missing busybox is explained', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-bb-'));
  try {
    assert.match(busyboxProblem(path.join(dir, 'busybox'))!, /not found: install the busybox-static package/);
    assert.match(busyboxProblem('/etc/hostname')!, /not an ELF executable/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dynamically linked binary is refused', { skip: !existsSync('/bin/ls') && 'no /bin/ls' }, () => {
  assert.match(busyboxProblem('/bin/ls')!, /dynamically linked/);
});

test('the rootfs has busybox, its applets, users and the usual directories', { skip: !haveBusybox && 'busybox-static not installed' }, async () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { applets } = await writeBusyboxRootfs(out);
  const entries = new Map<string, { type: string; mode: number; linkname: string; size: number; text: string }>();
  for await (const { header, body } of readTar(Readable.from([Buffer.concat(chunks)]))) {
    let text = '';
    for await (const c of body) if (header.size < 4096) text += (c as Buffer).toString();
    entries.set(header.name.replace(/\/$/, ''), { type: header.type, mode: header.mode, linkname: header.linkname, size: header.size, text });
  }
  assert.ok(applets > 100);
  assert.equal(entries.get('bin/busybox')?.type, 'file');
  assert.equal(entries.get('bin/busybox')?.mode, 0o755);
  assert.deepEqual(entries.get('bin/sh'), { type: 'symlink', mode: 0o777, linkname: '/bin/busybox', size: 0, text: '' });
  assert.equal(entries.get('tmp')?.mode, 0o1777);
  for (const d of ['proc', 'sys', 'dev', 'etc', 'root', 'var', 'home', 'usr/bin', 'sbin']) assert.equal(entries.get(d)?.type, 'directory', d);
  assert.match(entries.get('etc/passwd')!.text, /^root:x:0:0:root:\/root:\/bin\/sh\nnobody:x:65534:65534:/);
  assert.match(entries.get('etc/group')!.text, /^root:x:0:\nnobody:x:65534:\n$/);
  // Parents come before children, so any extractor can create them in order.
  const names = [...entries.keys()];
  for (const name of names) {
    const parent = path.posix.dirname(name);
    if (parent !== '.') assert.ok(names.indexOf(parent) < names.indexOf(name), `${parent} before ${name}`);
  }
});
