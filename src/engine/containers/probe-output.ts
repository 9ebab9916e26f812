import { Duplex } from 'node:stream';

/** Docker keeps at most this much of a health probe's output. */
export const PROBE_OUTPUT_LIMIT = 4096;

/**
 * The client end of an exec run by the engine itself (a health probe): it sends no input and
 * keeps the first 4 KiB of output, stdout and stderr together, from Docker's multiplexed stream
 * frames (8-byte header: stream, 3 zero bytes, big-endian payload length).
 */
export class ProbeOutput extends Duplex {
  private pending: Buffer = Buffer.alloc(0);
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  get text(): string {
    return Buffer.concat(this.kept).toString('utf8');
  }

  override _read(): void { /* no input for the process */ }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      this.keep(this.pending.subarray(8, 8 + size));
      this.pending = this.pending.subarray(8 + size);
    }
    done();
  }

  override _final(done: () => void): void {
    this.push(null);
    done();
  }

  private keep(payload: Buffer): void {
    const room = PROBE_OUTPUT_LIMIT - this.keptBytes;
    if (room <= 0) return;
    const part = payload.subarray(0, room);
    this.kept.push(Buffer.from(part));
    this.keptBytes += part.length;
  }
}
