import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { copyUp } from './copy-up.js';

const base = mkdtempSync(join(tmpdir(), 'berth-copyup-'));
after(() => rmSync(base, { recursive: true, force: true }));
const root = process.getuid?.() === 0;

test('copies files, directories and symlinks with modes, owners and times', async () => {
  const src = join(base, 'src');
  const dst = join(base, 'dst');
  mkdirSync(join(src, 'sub'), { recursive: true });
  mkdirSync(dst);
  writeFileSync(join(src, 'hello'), 'hi\n');
  chmodSync(join(src, 'hello'), 0o640);
  writeFileSync(join(src, 'sub/run.sh'), '#!/bin/sh\n');
  chmodSync(join(src, 'sub/run.sh'), 0o4755);
  symlinkSync('../hello', join(src, 'sub/link'));
  utimesSync(join(src, 'hello'), 1_000_000, 1_000_000);
  chmodSync(src, 0o1777);
  if (root) chownSync(join(src, 'sub'), 1234, 5678);

  await copyUp(src, dst);

  assert.equal(readFileSync(join(dst, 'hello'), 'utf8'), 'hi\n');
  assert.equal(lstatSync(join(dst, 'hello')).mode & 0o7777, 0o640);
  assert.equal(lstatSync(join(dst, 'hello')).mtimeMs, 1_000_000_000);
  assert.equal(lstatSync(join(dst, 'sub/run.sh')).mode & 0o7777, 0o4755);
  assert.equal(readlinkSync(join(dst, 'sub/link')), '../hello');
  assert.equal(lstatSync(dst).mode & 0o7777, 0o1777, 'the volume root takes the image directory mode');
  if (root) assert.deepEqual([lstatSync(join(dst, 'sub')).uid, lstatSync(join(dst, 'sub')).gid], [1234, 5678]);
});

test('a source that is not a directory copies nothing', async () => {
  const dst = join(base, 'dst2');
  mkdirSync(dst);
  writeFileSync(join(base, 'file'), 'x');
  await copyUp(join(base, 'file'), dst);
  assert.deepEqual(lstatSync(dst).isDirectory(), true);
  await assert.rejects(copyUp(join(base, 'missing'), dst), /ENOENT/);
});
