import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameTcpMessage, TcpFrameReader } from './tcp-frame-reader.js';

test('splits length-prefixed messages however the stream is chunked', () => {
  const messages = [Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from('x')];
  const stream = Buffer.concat(messages.map(frameTcpMessage));
  assert.deepEqual(stream.subarray(0, 2), Buffer.from([0, 5]));
  for (const step of [1, 2, 3, 7, 300, stream.length]) {
    const reader = new TcpFrameReader();
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i += step) got.push(...reader.push(stream.subarray(i, i + step)));
    assert.deepEqual(got, messages, `chunks of ${step}`);
  }
});
