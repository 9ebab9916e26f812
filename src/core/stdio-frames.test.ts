import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeStdioFrame as encodeFrame, StdioFrameDecoder as FrameDecoder, STDERR, STDOUT } from './stdio-frames.js';

function decodeAll(chunks: Buffer[]): { out: string; err: string; frames: number; atBoundary: boolean } {
  let out = '';
  let err = '';
  let frames = 0;
  const decoder = new FrameDecoder((stream, data) => {
    frames++;
    if (stream === STDOUT) out += data.toString('latin1');
    else if (stream === STDERR) err += data.toString('latin1');
    else throw new Error(`unexpected stream ${stream}`);
  });
  for (const c of chunks) decoder.push(c);
  return { out, err, frames, atBoundary: decoder.atBoundary };
}

describe('StdioFrameDecoder', () => {
  const wire = Buffer.concat([
    encodeFrame(STDOUT, 'hello '),
    encodeFrame(STDERR, 'oops\n'),
    encodeFrame(STDOUT, ''),
    encodeFrame(STDOUT, 'world\n'),
    encodeFrame(STDERR, Buffer.from([0xff, 0x00, 0x0a])),
  ]);

  test('one chunk', () => {
    const r = decodeAll([wire]);
    assert.equal(r.out, 'hello world\n');
    assert.equal(r.err, 'oops\n\xff\x00\n');
    assert.ok(r.atBoundary);
  });

  test('split at every byte boundary into two chunks', () => {
    for (let i = 0; i <= wire.length; i++) {
      const r = decodeAll([wire.subarray(0, i), wire.subarray(i)]);
      assert.equal(r.out, 'hello world\n', `split at ${i}`);
      assert.equal(r.err, 'oops\n\xff\x00\n', `split at ${i}`);
      assert.ok(r.atBoundary);
    }
  });

  test('split at every pair of boundaries into three chunks', () => {
    for (let i = 0; i <= wire.length; i++) {
      for (let j = i; j <= wire.length; j++) {
        const r = decodeAll([wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)]);
        assert.equal(r.out, 'hello world\n', `split at ${i},${j}`);
        assert.equal(r.err, 'oops\n\xff\x00\n', `split at ${i},${j}`);
      }
    }
  });

  test('one byte at a time', () => {
    const chunks = [...wire].map((b) => Buffer.from([b]));
    const r = decodeAll(chunks);
    assert.equal(r.out, 'hello world\n');
    assert.equal(r.err, 'oops\n\xff\x00\n');
  });

  test('payloads are views of the input, not copies', () => {
    const seen: Buffer[] = [];
    new FrameDecoder((_s, d) => seen.push(d)).push(wire);
    assert.equal(seen[0]!.buffer, wire.buffer);
  });

  test('reports a stream cut inside a frame', () => {
    const r = decodeAll([wire.subarray(0, 10)]);
    assert.equal(r.atBoundary, false);
    assert.equal(decodeAll([wire.subarray(0, 3)]).atBoundary, false);
  });

  test('large frame length uses all four bytes', () => {
    const big = Buffer.alloc(70_000, 0x61);
    const r = decodeAll([encodeFrame(STDOUT, big)]);
    assert.equal(r.out.length, 70_000);
  });
});
