import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseFilters, queryBool, readJsonBody } from './request-parsing.js';

test('filters: modern and legacy forms', () => {
  assert.deepEqual([...parseFilters('{"status":["running","paused"]}')], [['status', ['running', 'paused']]]);
  assert.deepEqual([...parseFilters('{"label":{"a=b":true,"c":false}}')], [['label', ['a=b']]]);
  assert.equal(parseFilters(null).size, 0);
  assert.throws(() => parseFilters('{bad'), /invalid filter/);
  assert.throws(() => parseFilters('[1]'), /invalid filter/);
});

test('query booleans as Docker reads them', () => {
  const q = new URLSearchParams('a=1&b=0&c=false&d=&e=true');
  assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => queryBool(q, k)), [true, false, false, false, true, false]);
});

test('JSON bodies: empty is {}, malformed and non-objects are 400s', async () => {
  assert.deepEqual(await readJsonBody(Readable.from([])), {});
  await assert.rejects(readJsonBody(Readable.from([Buffer.from('{"a":')])), (e: Error & { code?: string }) => e.code === 'invalid_argument');
  await assert.rejects(readJsonBody(Readable.from([Buffer.from('[1,2]')])), /expected an object/);
});
