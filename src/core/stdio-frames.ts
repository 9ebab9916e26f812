/**
 * Docker's multiplexed stdio: each frame is `[stream u8][0 0 0][length u32 BE]` then `length`
 * bytes. One codec for every place that reads or writes it: the client (`berth`), the engine's
 * attach bridge and health probes, and the monitor driver.
 */

/** Stream numbers. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** Docker's "systemerr": the daemon reports a stream failure in-band. */
export const SYSTEMERR = 3;

const HEADER_SIZE = 8;

/**
 * Decodes frames incrementally. Payload bytes are handed on as sub-views of the input chunks as
 * soon as they arrive (a frame split across chunks comes out in pieces with the same stream), so
 * nothing is concatenated or copied except a header split across chunks (at most 8 bytes).
 * The callback may return `false` to ask for a pause; `push` then returns false.
 */
export class StdioFrameDecoder {
  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerFill = 0;
  private stream = 0;
  /** Payload bytes of the current frame still to come; 0 means a header comes next. */
  private remaining = 0;

  constructor(private readonly onPayload: (stream: number, data: Buffer) => unknown) {}

  push(chunk: Buffer): boolean {
    let ok = true;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const n = Math.min(HEADER_SIZE - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + n);
        this.headerFill += n;
        offset += n;
        if (this.headerFill === HEADER_SIZE) {
          this.headerFill = 0;
          this.stream = this.header[0]!;
          this.remaining = this.header.readUInt32BE(4);
        }
        continue;
      }
      const n = Math.min(this.remaining, chunk.length - offset);
      this.remaining -= n;
      if (this.onPayload(this.stream, chunk.subarray(offset, offset + n)) === false) ok = false;
      offset += n;
    }
    return ok;
  }

  /** True between frames; false if the input stopped inside a header or payload. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.headerFill === 0;
  }

  /** Payload bytes of the current frame not yet seen (for error messages). */
  get missing(): number {
    return this.remaining;
  }
}

/** One frame. */
export function encodeStdioFrame(stream: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(HEADER_SIZE);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
