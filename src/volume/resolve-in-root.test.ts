import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { resolveInRoot } from './resolve-in-root.js';

const root = mkdtempSync(join(tmpdir(), 'berth-rir-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'real/data'), { recursive: true });
symlinkSync('/real', join(root, 'abs'));
symlinkSync('real', join(root, 'rel'));
symlinkSync('../../../../etc', join(root, 'escape'));
symlinkSync('/', join(root, 'toroot'));

test('plain paths and missing components stay under the root', async () => {
  assert.equal(await resolveInRoot(root, '/real/data'), join(root, 'real/data'));
  assert.equal(await resolveInRoot(root, '/no/such/dir'), join(root, 'no/such/dir'));
});

test('absolute and relative links resolve inside the root', async () => {
  assert.equal(await resolveInRoot(root, '/abs/data'), join(root, 'real/data'));
  assert.equal(await resolveInRoot(root, '/rel/data'), join(root, 'real/data'));
});

test('links can not leave the root', async () => {
  assert.equal(await resolveInRoot(root, '/escape'), join(root, 'etc'));
  assert.equal(await resolveInRoot(root, '/toroot/real'), join(root, 'real'));
  assert.equal(await resolveInRoot(root, '/../../etc'), join(root, 'etc'));
});
