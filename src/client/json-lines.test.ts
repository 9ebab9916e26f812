import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readJsonLines } from './json-lines.js';

async function collect(chunks: (string | Buffer)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  async function* src() { yield* chunks; }
  for await (const v of readJsonLines(src())) out.push(v);
  return out;
}

test('splits lines across chunks', async () => {
  assert.deepEqual(await collect(['{"a":', '1}\n{"b"', ':2}\n\n', '{"c":3}']), [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

test('multi-byte characters split across chunks', async () => {
  const bytes = Buffer.from('{"s":"é€"}\n');
  assert.deepEqual(await collect([bytes.subarray(0, 7), bytes.subarray(7)]), [{ s: 'é€' }]);
});

test('objects back to back on one line, with braces inside strings', async () => {
  assert.deepEqual(await collect(['{"a":"}{"}{"b":[1,{"c":2}]}\r\n']), [{ a: '}{' }, { b: [1, { c: 2 }] }]);
});

test('garbage is an error', async () => {
  await assert.rejects(collect(['not json\n']));
});
