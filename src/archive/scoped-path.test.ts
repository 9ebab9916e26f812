import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { resolveScopedPath } from './scoped-path.js';

const root = mkdtempSync(path.join(tmpdir(), 'scoped-path-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'etc'));
writeFileSync(path.join(root, 'etc/passwd'), 'inner');
symlinkSync('/', path.join(root, 'evil'));
symlinkSync('/etc', path.join(root, 'evil-etc'));
symlinkSync('../../../../etc', path.join(root, 'climb'));
symlinkSync('loop2', path.join(root, 'loop1'));
symlinkSync('loop1', path.join(root, 'loop2'));

test('absolute and climbing symlinks resolve inside the root', async () => {
  for (const p of ['/evil/etc/passwd', '/evil-etc/passwd', '/climb/passwd', '../../../etc/passwd', '/evil/../../etc/passwd']) {
    const r = await resolveScopedPath(root, p, { followFinal: false });
    assert.equal(r.inner, '/etc/passwd', p);
    assert.equal(r.host, path.join(root, 'etc/passwd'), p);
  }
});

test('the final component is followed only on request or with a trailing separator', async () => {
  assert.equal((await resolveScopedPath(root, '/evil-etc', { followFinal: false })).inner, '/evil-etc');
  assert.equal((await resolveScopedPath(root, '/evil-etc', { followFinal: true })).inner, '/etc');
  assert.equal((await resolveScopedPath(root, '/evil-etc/', { followFinal: false })).inner, '/etc');
  assert.equal((await resolveScopedPath(root, '/evil/', { followFinal: false })).host, root);
});

test('missing components are kept; loops are refused', async () => {
  assert.equal((await resolveScopedPath(root, '/evil/nope/x', { followFinal: true })).inner, '/nope/x');
  await assert.rejects(resolveScopedPath(root, '/loop1/x', { followFinal: false }), /too many levels/);
});
