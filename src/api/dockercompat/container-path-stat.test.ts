import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goFileMode, pathStatHeader } from './container-path-stat.js';

test('POSIX modes become Go os.FileMode bits', () => {
  assert.equal(goFileMode(0o100644), 0o644);
  assert.equal(goFileMode(0o040755), 0x80000000 + 0o755);
  assert.equal(goFileMode(0o120777), 0x8000000 + 0o777);
  assert.equal(goFileMode(0o041777), 0x80000000 + 0x100000 + 0o777);
  assert.equal(goFileMode(0o104755), 0x800000 + 0o755);
  assert.equal(goFileMode(0o020666), 0x4000000 + 0x200000 + 0o666);
});

test('the stat header is base64 JSON with an RFC 3339 mtime', () => {
  const h = pathStatHeader({ name: 'x', size: 3, mode: 0o040700, mtime: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), linkTarget: '' });
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64').toString()), {
    name: 'x', size: 3, mode: 2147484096, mtime: '2024-01-02T03:04:05.000Z', linkTarget: '',
  });
});
