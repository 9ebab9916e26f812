import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anonymousVolumeName, validateVolumeName } from './volume-name.js';

test('volume names follow Docker: [a-zA-Z0-9][a-zA-Z0-9_.-]+', () => {
  for (const ok of ['data', 'my_vol.1', 'A-b', '0x', 'ab']) assert.doesNotThrow(() => validateVolumeName(ok), ok);
  for (const bad of ['', 'a', '-data', '.hidden', '_x', 'has space', 'a/b', '../x', 'colon:x', 'ünï']) {
    assert.throws(() => validateVolumeName(bad), /includes invalid characters for a local volume name/, bad);
  }
});

test('anonymous names are 64 hex characters and differ', () => {
  const a = anonymousVolumeName();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, anonymousVolumeName());
  assert.doesNotThrow(() => validateVolumeName(a));
});
