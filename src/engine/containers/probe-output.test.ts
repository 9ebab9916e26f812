import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROBE_OUTPUT_LIMIT, ProbeOutput } from './probe-output.js';

const frame = (stream: number, text: string | Buffer) => {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
};

test('stdout and stderr frames are joined, even split across writes', async () => {
  const out = new ProbeOutput();
  const all = Buffer.concat([frame(1, 'hello '), frame(2, 'world'), frame(1, '\n')]);
  for (let i = 0; i < all.length; i += 3) out.write(all.subarray(i, i + 3));
  await new Promise<void>((r) => out.end(r));
  assert.equal(out.text, 'hello world\n');
});

test('only the first 4 KiB are kept', async () => {
  const out = new ProbeOutput();
  out.write(frame(1, Buffer.alloc(PROBE_OUTPUT_LIMIT - 10, 'a')));
  out.write(frame(1, Buffer.alloc(100, 'b')));
  await new Promise<void>((r) => out.end(r));
  assert.equal(out.text.length, PROBE_OUTPUT_LIMIT);
  assert.ok(out.text.endsWith('bbbbbbbbbb'));
});
