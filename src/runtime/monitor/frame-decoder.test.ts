import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { FrameDecoder, type StdioFrame } from './frame-decoder.js';

function frame(stream: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

async function decode(chunks: Buffer[]): Promise<StdioFrame[]> {
  const out: StdioFrame[] = [];
  for await (const f of Readable.from(chunks).pipe(new FrameDecoder())) out.push(f);
  return out;
}

/** Joins consecutive pieces of the same stream, as a consumer that forwards them sees it. */
function joined(frames: StdioFrame[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const f of frames) {
    const last = out.at(-1);
    if (last && last[0] === f.stream) last[1] += f.data.toString();
    else out.push([f.stream, f.data.toString()]);
  }
  return out;
}

const wire = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, ''), frame(1, 'x'.repeat(300))]);
const want: Array<[number, string]> = [[1, 'hello\n'], [2, 'oops\n'], [1, 'x'.repeat(300)]];

test('decodes frames delivered in one chunk', async () => {
  assert.deepEqual(joined(await decode([wire])), want);
});

test('decodes frames split at every possible point', async () => {
  for (let cut = 1; cut < wire.length; cut++) {
    assert.deepEqual(joined(await decode([wire.subarray(0, cut), wire.subarray(cut)])), want, `cut at ${cut}`);
  }
});

test('decodes a byte-at-a-time stream', async () => {
  const bytes = [...wire].map((b) => Buffer.from([b]));
  assert.deepEqual(joined(await decode(bytes)), want);
});

test('payloads are slices of the input, not copies', async () => {
  const frames = await decode([wire]);
  assert.equal(frames[0]!.data.buffer, wire.buffer);
});

test('an input ending inside a frame is an error', async () => {
  await assert.rejects(decode([frame(1, 'hello').subarray(0, 10)]), /ended inside a frame/);
});
