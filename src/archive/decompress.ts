import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { EngineError, invalidArgument } from '../core/engine-error.js';

export type Compression = 'none' | 'gzip' | 'zstd' | 'bzip2' | 'xz';

/** Recognises a compressed stream by its magic bytes; anything else is taken as plain. */
export function detectCompression(head: Uint8Array): Compression {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 4 && b.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (b.length >= 3 && b.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (b.length >= 6 && b.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  return 'none';
}

const MAGIC_BYTES = 6;

/**
 * Peeks at the first bytes of `input` and returns a stream of its decompressed
 * content: gzip through node:zlib, zstd only if this Node's zlib has it (Node 20's
 * does not). Other compressions are refused with `not_implemented`.
 */
export async function decompress(input: AsyncIterable<Uint8Array>): Promise<{ compression: Compression; stream: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLen = 0;
  let ended = false;
  while (headLen < MAGIC_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    head.push(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
    headLen += r.value.byteLength;
  }
  const first = Buffer.concat(head);
  const compression = detectCompression(first);
  const rest = (async function* () {
    if (first.length > 0) yield first;
    if (ended) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  const plain = Readable.from(rest, { objectMode: false });
  switch (compression) {
    case 'none':
      return { compression, stream: plain };
    case 'gzip':
      return { compression, stream: through(plain, zlib.createGunzip()) };
    case 'zstd': {
      const create = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;
      if (create) return { compression, stream: through(plain, create() as unknown as Readable) };
      await it.return?.();
      throw new EngineError('not_implemented', 'zstd-compressed layers are not supported: this Node.js zlib has no zstd', {
        hint: 'use a gzip-compressed or uncompressed tar',
      });
    }
    default:
      await it.return?.();
      throw new EngineError('not_implemented', `${compression}-compressed archives are not supported`, {
        hint: 'use a gzip-compressed or uncompressed tar',
      });
  }
}

/** Pipes `src` into `dest`; errors on either side surface on `dest`, where the consumer reads. */
function through(src: Readable, dest: Readable): Readable {
  pipeline(src, dest as unknown as NodeJS.WritableStream, (err) => {
    if (err && !dest.destroyed) dest.destroy(err);
  });
  return dest;
}

/** zlib reports corrupt input with `Z_*` codes; that is the caller's bad data, not our failure. */
export function asDecompressError(err: unknown): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return invalidArgument(`invalid compressed data: ${(err as Error).message}`, { cause: err });
  }
  return err;
}
