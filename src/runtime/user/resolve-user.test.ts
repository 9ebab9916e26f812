import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { readRootfsFile, resolveInRoot } from './read-rootfs-file.js';
import { resolveUser } from './resolve-user.js';

const base = mkdtempSync(join(tmpdir(), 'berth-user-'));
after(() => rmSync(base, { recursive: true, force: true }));

function rootfs(name: string, files: Record<string, string> = {}): string {
  const root = join(base, name);
  mkdirSync(join(root, 'etc'), { recursive: true });
  for (const [p, text] of Object.entries(files)) writeFileSync(join(root, p), text);
  return root;
}

// a file outside every rootfs that an escaping symlink would reach
const secret = join(base, 'host-passwd');
writeFileSync(secret, 'evil:x:0:0::/:/bin/sh\n');

test('resolveUser reads /etc/passwd and /etc/group of the rootfs', async () => {
  const root = rootfs('plain', {
    'etc/passwd': 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
    'etc/group': 'root:x:0:\nwheel:x:10:root\napp:x:1000:\naudio:x:29:app\n',
  });
  assert.deepEqual(await resolveUser(root, ''), { uid: 0, gid: 0, additionalGids: [0, 10] });
  assert.deepEqual(await resolveUser(root, 'app', ['wheel']), { uid: 1000, gid: 1000, additionalGids: [1000, 29, 10] });
  await assert.rejects(resolveUser(root, 'ghost'), (e: unknown) =>
    EngineError.is(e, 'invalid_argument') && e.message === 'unable to find user ghost: no matching entries in passwd file');
});

test('missing files: numeric users work, names do not', async () => {
  const root = rootfs('empty');
  assert.deepEqual(await resolveUser(root, '1234:55'), { uid: 1234, gid: 55, additionalGids: [55] });
  await assert.rejects(resolveUser(root, 'app'), (e: unknown) => EngineError.is(e, 'invalid_argument'));
});

test('symlinks are resolved inside the rootfs, never to the host', async () => {
  // absolute symlink: inside the container it means <rootfs>/srv/passwd, not the host's file
  const abs = rootfs('abs', { 'etc/group': '' });
  mkdirSync(join(abs, 'srv'));
  writeFileSync(join(abs, 'srv/passwd'), 'app:x:1500:1500::/:/bin/sh\n');
  symlinkSync('/srv/passwd', join(abs, 'etc/passwd'));
  assert.deepEqual(await resolveUser(abs, 'app'), { uid: 1500, gid: 1500, additionalGids: [1500] });

  // relative ../.. climbing out is clamped at the rootfs root
  const climb = rootfs('climb');
  symlinkSync(`../../../../../../../..${secret}`, join(climb, 'etc/passwd'));
  assert.equal(await readRootfsFile(climb, '/etc/passwd'), undefined);
  await assert.rejects(resolveUser(climb, 'evil'), (e: unknown) => EngineError.is(e, 'invalid_argument'));

  // absolute symlink naming the host path lands inside the rootfs (where nothing is)
  const hostPath = rootfs('hostpath');
  symlinkSync(secret, join(hostPath, 'etc/passwd'));
  assert.equal(await readRootfsFile(hostPath, '/etc/passwd'), undefined);
  assert.equal(await resolveInRoot(hostPath, '/etc/passwd'), join(hostPath, secret));

  // a directory symlink on the way is followed inside too
  const dirLink = rootfs('dirlink');
  rmSync(join(dirLink, 'etc'), { recursive: true });
  mkdirSync(join(dirLink, 'real-etc'));
  writeFileSync(join(dirLink, 'real-etc/passwd'), 'x:x:7:7::/:/bin/sh\n');
  symlinkSync('/real-etc', join(dirLink, 'etc'));
  assert.deepEqual(await resolveUser(dirLink, 'x'), { uid: 7, gid: 7, additionalGids: [7] });
});

test('loops, FIFOs and directories are refused, not followed or read', async () => {
  const loop = rootfs('loop');
  symlinkSync('/etc/passwd', join(loop, 'etc/passwd'));
  await assert.rejects(readRootfsFile(loop, '/etc/passwd'), (e: unknown) => EngineError.is(e, 'invalid_argument') && /symlink/.test(e.message));

  const fifo = rootfs('fifo');
  execFileSync('mkfifo', [join(fifo, 'etc/passwd')]);
  await assert.rejects(readRootfsFile(fifo, '/etc/passwd'), (e: unknown) => EngineError.is(e, 'invalid_argument') && /not a regular file/.test(e.message));

  const dir = rootfs('dir');
  mkdirSync(join(dir, 'etc/passwd'));
  await assert.rejects(readRootfsFile(dir, '/etc/passwd'), (e: unknown) => EngineError.is(e, 'invalid_argument') && /not a regular file/.test(e.message));
});
