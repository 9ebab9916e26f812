import { Transform, type TransformCallback } from 'node:stream';
import { StdioFrameDecoder } from '../../core/stdio-frames.js';

/** A piece of one stream: 0 stdin, 1 stdout, 2 stderr (docker's stream ids). */
export interface StdioFrame {
  stream: number;
  data: Buffer;
}

/**
 * Splits docker's multiplexed stdio stream ([stream u8, 0, 0, 0, length u32 BE] then
 * `length` bytes) into object-mode `StdioFrame`s. Payloads are passed on as slices of
 * the incoming chunks, never copied: a frame that spans chunks comes out as several
 * pieces with the same stream id. Only a header split across chunks is buffered.
 */
export class FrameDecoder extends Transform {
  private readonly decoder = new StdioFrameDecoder((stream, data) => {
    this.push({ stream, data } satisfies StdioFrame);
  });

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.decoder.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decoder.atBoundary) {
      done(new Error(`stdio stream ended inside a frame (${this.decoder.missing} payload bytes missing)`));
      return;
    }
    done();
  }
}
