import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeOciJson } from './encode-oci-json.js';
import { RLIMIT_INFINITY } from './runtime-spec.js';

test('RLIMIT_INFINITY is written as the exact uint64 maximum', () => {
  const text = encodeOciJson({ rlimits: [{ type: 'RLIMIT_CORE', soft: RLIMIT_INFINITY, hard: 5 }] });
  assert.equal(text, '{"rlimits":[{"type":"RLIMIT_CORE","soft":18446744073709551615,"hard":5}]}');
  assert.equal(JSON.stringify({ x: RLIMIT_INFINITY }), '{"x":18446744073709552000}', 'why this encoder exists');
});

test('other values are plain JSON, indentation honoured', () => {
  assert.equal(encodeOciJson({ a: [1, 'b'], c: null }, 2), JSON.stringify({ a: [1, 'b'], c: null }, null, 2));
});
