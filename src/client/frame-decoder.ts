/** Stream numbers in Docker's multiplexed stdio frames. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** Docker's "systemerr": the daemon reports a stream failure in-band. */
export const SYSTEMERR = 3;

const HEADER_SIZE = 8;

/**
 * Decodes Docker's multiplexed stdio (`[stream u8][0 0 0][length u32 BE]` then
 * `length` bytes) incrementally. Payload bytes are handed on as sub-views of the
 * input chunks as soon as they arrive, so nothing is concatenated or copied except
 * a header split across chunks (at most 8 bytes).
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerFill = 0;
  private stream = 0;
  /** Payload bytes of the current frame still to come; 0 means a header comes next. */
  private remaining = 0;

  constructor(private readonly onPayload: (stream: number, data: Buffer) => void) {}

  push(chunk: Buffer): void {
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
      this.onPayload(this.stream, chunk.subarray(offset, offset + n));
      offset += n;
    }
  }

  /** True between frames; false if the input stopped inside a header or payload. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.headerFill === 0;
  }
}

/** Encodes one frame (for tests and for servers written against this client). */
export function encodeFrame(stream: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(HEADER_SIZE);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
