import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StdioFrameDecoder as FrameReader } from '../../core/stdio-frames.js';
import { parseDetachKeys } from './attach-bridge.js';

function frame(stream: number, s: string): Buffer {
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(Buffer.byteLength(s), 4);
  return Buffer.concat([h, Buffer.from(s)]);
}

test('FrameReader reassembles frames split at every byte', () => {
  const wire = Buffer.concat([frame(1, 'hello'), frame(2, 'err'), frame(1, ''), frame(1, 'x'.repeat(300))]);
  for (let cut = 1; cut < wire.length; cut++) {
    const got: Array<[number, string]> = [];
    const r = new FrameReader((stream, payload) => {
      const last = got.at(-1);
      // A frame may come out in pieces; join consecutive pieces of the same stream.
      if (last && last[0] === stream && payload.length) last[1] += payload.toString();
      else if (payload.length) got.push([stream, payload.toString()]);
      return true;
    });
    r.push(wire.subarray(0, cut));
    r.push(wire.subarray(cut));
    assert.deepEqual(got, [[1, 'hello'], [2, 'err'], [1, 'x'.repeat(300)]], `cut at ${cut}`);
  }
});

test('detach keys: docker syntax', () => {
  assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [16, 17]);
  assert.deepEqual([...parseDetachKeys('a,ctrl-@,ctrl-[')], [97, 0, 27]);
  assert.equal(parseDetachKeys('').length, 0);
  assert.throws(() => parseDetachKeys('ctrl-1'), /Unknown character/);
  assert.throws(() => parseDetachKeys('abc'), /Unknown character/);
});
