import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { TarWriter } from '../../src/archive/tar-writer.js';
import { BerthDaemon, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
let scratch: string;
const docker = dockerRunner(() => d);
let seq = 0;
const name = (what: string) => `arch-${what}-${process.pid}-${seq++}`;

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  scratch = mkdtempSync('/var/tmp/berth-archive-');
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A host tree with a file, a nested directory, an executable and a relative symlink. */
function makeTree(root: string): void {
  mkdirSync(join(root, 'sub/deeper'), { recursive: true });
  writeFileSync(join(root, 'top.txt'), 'top\n');
  writeFileSync(join(root, 'sub/deeper/run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(root, 'sub/deeper/run.sh'), 0o750);
  chmodSync(join(root, 'sub'), 0o701);
  symlinkSync('deeper/run.sh', join(root, 'sub/link'));
}

function assertSameTree(a: string, b: string): void {
  assert.equal(readFileSync(join(b, 'top.txt'), 'utf8'), 'top\n');
  assert.equal(readFileSync(join(b, 'sub/deeper/run.sh'), 'utf8'), readFileSync(join(a, 'sub/deeper/run.sh'), 'utf8'));
  assert.equal(statSync(join(b, 'sub/deeper/run.sh')).mode & 0o7777, 0o750);
  assert.equal(statSync(join(b, 'sub')).mode & 0o7777, 0o701);
  assert.ok(lstatSync(join(b, 'sub/link')).isSymbolicLink());
  assert.equal(readlinkSync(join(b, 'sub/link')), 'deeper/run.sh');
  assert.equal(Math.floor(statSync(join(b, 'top.txt')).mtimeMs / 1000), Math.floor(statSync(join(a, 'top.txt')).mtimeMs / 1000));
}

for (const running of [true, false]) {
  describe(`docker cp on a ${running ? 'running' : 'stopped'} container`, () => {
    let c: string;
    before(async () => {
      c = name(running ? 'run' : 'stop');
      if (running) await docker.ok(['run', '-d', '--name', c, 'busybox', 'sleep', '300']);
      else await docker.ok(['create', '--name', c, 'busybox', 'sleep', '300']);
    });
    after(async () => { await d.docker(['rm', '-f', c]); });

    test('a file and a directory tree round-trip with modes, mtimes and symlinks', async () => {
      const src = join(scratch, `${c}-src`);
      makeTree(src);
      await docker.ok(['cp', join(src, 'top.txt'), `${c}:/tmp/one.txt`]);
      await docker.ok(['cp', src, `${c}:/tmp/tree`]);
      if (running) {
        assert.equal(await docker.ok(['exec', c, 'cat', '/tmp/one.txt']), 'top');
        assert.equal(await docker.ok(['exec', c, 'sh', '-c', 'stat -c %a /tmp/tree/sub/deeper/run.sh; readlink /tmp/tree/sub/link']), '750\ndeeper/run.sh');
      }
      const back = join(scratch, `${c}-back`);
      mkdirSync(back);
      await docker.ok(['cp', `${c}:/tmp/one.txt`, join(back, 'one.txt')]);
      assert.equal(readFileSync(join(back, 'one.txt'), 'utf8'), 'top\n');
      await docker.ok(['cp', `${c}:/tmp/tree`, join(back, 'tree')]);
      assertSameTree(src, join(back, 'tree'));
      // The container's own files come out too.
      await docker.ok(['cp', `${c}:/etc/passwd`, join(back, 'passwd')]);
      assert.match(readFileSync(join(back, 'passwd'), 'utf8'), /^root:x:0:0:/);
      // A stopped container's rootfs is mounted only for the copy.
      const leftover = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(join(d.execRoot, 'archive')));
      for (let i = 0; i < 20 && leftover().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(leftover(), [], 'temporary rootfs mount left behind');
      if (!running) assert.equal(await docker.ok(['inspect', '-f', '{{.State.Status}}', c]), 'created');
    });

    test('a missing path fails like Docker', async () => {
      const r = await docker.fails(1, ['cp', `${c}:/no/such/file`, join(scratch, 'nothing')]);
      assert.match(r.stderr, /Could not find the file \/no\/such\/file in container/);
      const put = await docker.fails(1, ['cp', join(scratch), `${c}:/no/such/dir/x`]);
      assert.match(put.stderr, /Could not find the file|no such directory/i);
    });
  });
}

describe('paths are resolved inside the container', () => {
  let c: string;
  before(async () => {
    c = name('evil');
    await docker.ok(['run', '-d', '--name', c, 'busybox', 'sh', '-c', 'ln -s / /evil; ln -s /etc /evil-etc; ln -s ../../../../etc /climb; echo inner-secret > /etc/secret; sleep 300']);
    for (let i = 0; i < 50; i++) {
      if ((await d.docker(['exec', c, 'test', '-e', '/etc/secret'])).code === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => { await d.docker(['rm', '-f', c]); });

  test('a container symlink to / or /etc reads the container\'s files, not the host\'s', async () => {
    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    for (const p of ['/evil/etc/passwd', '/evil-etc/passwd', '/climb/passwd', '/../../../etc/passwd']) {
      const out = join(scratch, `passwd-${seq++}`);
      await docker.ok(['cp', `${c}:${p}`, out]);
      const got = readFileSync(out, 'utf8');
      assert.notEqual(got, hostPasswd, p);
      assert.match(got, /^root:x:0:0:root:\/root:\/bin\/sh\nnobody/, p);
    }
    const secret = join(scratch, 'secret');
    await docker.ok(['cp', `${c}:/evil/etc/secret`, secret]);
    assert.equal(readFileSync(secret, 'utf8'), 'inner-secret\n');
  });

  test('copying into a symlink to / writes inside the container, never on the host', async () => {
    const marker = `berth-archive-marker-${process.pid}`;
    const file = join(scratch, marker);
    writeFileSync(file, 'marker\n');
    await docker.ok(['cp', file, `${c}:/evil/`]);
    await docker.ok(['cp', file, `${c}:/evil/tmp/`]);
    assert.equal(existsSync(`/${marker}`), false);
    assert.equal(existsSync(`/tmp/${marker}`), false);
    assert.equal(await docker.ok(['exec', c, 'cat', `/${marker}`, `/tmp/${marker}`]), 'marker\nmarker');
  });

  test('a tar with ../ entries is refused with 400 and writes nothing outside', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    const w = new TarWriter(out);
    const escape = `berth-escape-${process.pid}`;
    await w.add({ name: `../../../../../../../../tmp/${escape}`, type: 'file' }, Buffer.from('x'));
    await w.finish();
    const r = await d.api('PUT', `/containers/${c}/archive?path=/tmp`, Buffer.concat(chunks), { 'Content-Type': 'application/x-tar' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, /escapes/);
    assert.equal(existsSync(`/tmp/${escape}`), false);
    assert.equal(existsSync(`/${escape}`), false);
  });

  test('noOverwriteDirNonDir and whiteout names are refused', async () => {
    const tarOf = async (entries: Array<{ name: string; type: 'file' | 'directory' }>) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (b: Buffer) => chunks.push(b));
      const w = new TarWriter(out);
      for (const e of entries) await w.add(e, e.type === 'file' ? Buffer.from('x') : undefined);
      await w.finish();
      return Buffer.concat(chunks);
    };
    const put = (query: string, body: Buffer) => d.api('PUT', `/containers/${c}/archive?${query}`, body, { 'Content-Type': 'application/x-tar' });
    const fileOverDir = await put('path=/&noOverwriteDirNonDir=1', await tarOf([{ name: 'tmp', type: 'file' }]));
    assert.equal(fileOverDir.status, 400, fileOverDir.text);
    assert.match(fileOverDir.body.message, /cannot overwrite directory "\/tmp" with non-directory/);
    const dirOverFile = await put('path=/etc&noOverwriteDirNonDir=true', await tarOf([{ name: 'passwd', type: 'directory' }]));
    assert.equal(dirOverFile.status, 400, dirOverFile.text);
    const whiteout = await put('path=/etc', await tarOf([{ name: '.wh.passwd', type: 'file' }]));
    assert.equal(whiteout.status, 400, whiteout.text);
    assert.match(await docker.ok(['exec', c, 'sh', '-c', 'test -d /tmp && head -1 /etc/passwd']), /^root:/);
    // Without the flag Docker replaces the entry.
    assert.equal((await put('path=/tmp', await tarOf([{ name: 'replaced', type: 'directory' }]))).status, 200);
    assert.equal((await put('path=/tmp', await tarOf([{ name: 'replaced', type: 'file' }]))).status, 200);
    assert.equal(await docker.ok(['exec', c, 'cat', '/tmp/replaced']), 'x');
  });

  test('the stat header and a PUT on a non-directory follow Docker', async () => {
    const head = await d.api('HEAD', `/containers/${c}/archive?path=/evil-etc`);
    assert.equal(head.status, 200);
    const stat = JSON.parse(Buffer.from(String(head.headers['x-docker-container-path-stat']), 'base64').toString());
    assert.equal(stat.name, 'evil-etc');
    assert.equal(stat.linkTarget, '/etc');
    assert.equal(stat.mode, 0x8000000 + 0o777);
    assert.equal((await d.api('HEAD', `/containers/${c}/archive?path=/nope`)).status, 404);
    const put = await d.api('PUT', `/containers/${c}/archive?path=/etc/passwd`, Buffer.alloc(1024));
    assert.equal(put.status, 400);
    assert.match(put.body.message, /not a directory/);
  });
});

describe('docker diff and docker export', () => {
  test('diff shows added, changed and deleted paths', async () => {
    const c = name('diff');
    await docker.ok(['run', '--name', c, 'busybox', 'sh', '-c', 'echo new > /tmp/added; echo more >> /etc/group; rm /etc/passwd; mkdir /newdir; touch /newdir/f']);
    try {
      const lines = (await docker.ok(['diff', c])).split('\n');
      for (const want of ['A /tmp/added', 'C /etc', 'C /etc/group', 'D /etc/passwd', 'A /newdir', 'A /newdir/f', 'C /tmp']) {
        assert.ok(lines.includes(want), `${want} in ${JSON.stringify(lines)}`);
      }
      assert.ok(!lines.some((l) => l.endsWith(' /bin/busybox')), lines.join('\n'));
    } finally {
      await d.docker(['rm', '-f', c]);
    }
  });

  test('a fresh container has no changes: the /etc files berth binds and the runtime\'s mount points live in an init layer, as in Docker', async () => {
    const c = name('fresh');
    await docker.ok(['run', '-d', '--name', c, 'busybox', 'sleep', '60']);
    try {
      assert.equal(await docker.ok(['diff', c]), '');
      assert.match(await docker.ok(['exec', c, 'cat', '/etc/hosts']), /localhost/, 'the bind mounts still land');
      const img = await docker.ok(['commit', c, `${c}-img`]);
      assert.equal(await docker.ok(['history', '-q', '--format', '{{.Size}}', img]).then((h) => h.split('\n')[0]), '0B', 'and a commit adds an empty layer');
    } finally {
      await d.docker(['rm', '-f', c]);
    }
  });

  test('a directory replaced wholesale (opaque) hides the lower entries', async () => {
    const c = name('opaque');
    await docker.ok(['run', '--name', c, 'busybox', 'sh', '-c', 'mkdir /x && cp /bin/busybox /x/busybox && /x/busybox rm -rf /bin && /x/busybox mkdir /bin && /x/busybox touch /bin/new']);
    try {
      const lines = (await docker.ok(['diff', c])).split('\n');
      for (const want of ['C /bin', 'A /bin/new', 'D /bin/busybox', 'D /bin/sh', 'A /x/busybox']) {
        assert.ok(lines.includes(want), `${want} in ${JSON.stringify(lines)}`);
      }
      const api = await d.api('GET', `/containers/${c}/changes`);
      assert.deepEqual(api.body.find((x: { Path: string }) => x.Path === '/bin/busybox'), { Path: '/bin/busybox', Kind: 2 });
    } finally {
      await d.docker(['rm', '-f', c]);
    }
  });

  test('export is a tar of the merged filesystem', async () => {
    const c = name('export');
    await docker.ok(['run', '--name', c, 'busybox', 'sh', '-c', 'echo exported > /tmp/mine']);
    try {
      const tarFile = join(scratch, 'export.tar');
      await docker.ok(['export', '-o', tarFile, c]);
      const list = await runCommand('tar', ['-tf', tarFile], {});
      assert.equal(list.code, 0, list.stderr);
      const names = list.stdout.split('\n');
      assert.ok(names.includes('bin/busybox'), names.slice(0, 20).join(','));
      assert.ok(names.includes('tmp/mine'));
      const content = await runCommand('tar', ['-xOf', tarFile, 'tmp/mine'], {});
      assert.equal(content.stdout, 'exported\n');
    } finally {
      await d.docker(['rm', '-f', c]);
    }
  });
});
