import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.js';

const r = new Router<string>()
  .add('GET', '/containers/json', 'list')
  .add('GET', '/containers/:id/json', 'inspect')
  .add('POST', '/containers/:id/start', 'start')
  .add('GET', '/images/*name/json', 'image-inspect')
  .add('DELETE', '/images/*name', 'image-delete');

const cases: Array<[string, string, string | undefined, Record<string, string>?]> = [
  ['GET', '/containers/json', 'list', {}],
  ['GET', '/containers/abc/json', 'inspect', { id: 'abc' }],
  ['HEAD', '/containers/abc/json', 'inspect', { id: 'abc' }],
  ['POST', '/containers/abc/start', 'start', { id: 'abc' }],
  ['GET', '/images/localhost:5000/a/b:1/json', 'image-inspect', { name: 'localhost:5000/a/b:1' }],
  ['DELETE', '/images/library/busybox', 'image-delete', { name: 'library/busybox' }],
  ['GET', '/images/busybox%3Alatest/json', 'image-inspect', { name: 'busybox:latest' }],
  ['GET', '/nothing', undefined],
];

for (const [method, path, want, params] of cases) {
  test(`${method} ${path}`, () => {
    const m = r.match(method, path);
    if (want === undefined) return assert.equal(m, undefined);
    assert.ok(m && m !== 'method-not-allowed');
    assert.equal(m.handler, want);
    assert.deepEqual(m.params, params);
  });
}

test('known path with the wrong method', () => {
  assert.equal(r.match('DELETE', '/containers/json'), 'method-not-allowed');
});
