import { Transform, type TransformCallback } from 'node:stream';

/** A piece of one stream: 0 stdin, 1 stdout, 2 stderr (docker's stream ids). */
export interface StdioFrame {
  stream: number;
  data: Buffer;
}

const HEADER = 8;

/**
 * Splits docker's multiplexed stdio stream ([stream u8, 0, 0, 0, length u32 BE] then
 * `length` bytes) into object-mode `StdioFrame`s. Payloads are passed on as slices of
 * the incoming chunks, never copied: a frame that spans chunks comes out as several
 * pieces with the same stream id. Only a header split across chunks is buffered.
 */
export class FrameDecoder extends Transform {
  private readonly header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private stream = 0;
  private remaining = 0;

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        this.push({ stream: this.stream, data: chunk.subarray(at, at + take) } satisfies StdioFrame);
        this.remaining -= take;
        at += take;
        continue;
      }
      const take = Math.min(HEADER - this.headerFill, chunk.length - at);
      this.header.set(chunk.subarray(at, at + take), this.headerFill);
      this.headerFill += take;
      at += take;
      if (this.headerFill < HEADER) break;
      this.headerFill = 0;
      this.stream = this.header[0]!;
      this.remaining = this.header.readUInt32BE(4);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.headerFill > 0 || this.remaining > 0) {
      done(new Error(`stdio stream ended inside a frame (${this.remaining} payload bytes missing)`));
      return;
    }
    done();
  }
}
