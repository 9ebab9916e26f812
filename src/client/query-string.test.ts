import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFilters, queryString } from './query-string.js';

test('queryString', () => {
  assert.equal(queryString(undefined), '');
  assert.equal(queryString({ a: undefined, b: null }), '');
  assert.equal(queryString({ stream: true, stdin: false, t: 0, name: 'a b/c' }), '?stream=1&stdin=0&t=0&name=a%20b%2Fc');
  assert.equal(queryString({ changes: ['CMD ["sh"]', 'ENV A=1'] }), '?changes=CMD%20%5B%22sh%22%5D&changes=ENV%20A%3D1');
});

test('encodeFilters', () => {
  assert.equal(encodeFilters(undefined), undefined);
  assert.equal(encodeFilters({ status: [] }), undefined);
  assert.equal(encodeFilters({ status: ['exited'], label: ['a=b', 'c'] }), '{"status":["exited"],"label":["a=b","c"]}');
});
