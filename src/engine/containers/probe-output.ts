import { Duplex } from 'node:stream';
import { StdioFrameDecoder } from '../../core/stdio-frames.js';

/** Docker keeps at most this much of a health probe's output. */
export const PROBE_OUTPUT_LIMIT = 4096;

/**
 * The client end of an exec run by the engine itself (a health probe): it sends no input and
 * keeps the first 4 KiB of output, stdout and stderr together, from Docker's multiplexed stream
 * frames.
 */
export class ProbeOutput extends Duplex {
  private readonly decoder = new StdioFrameDecoder((_stream, payload) => this.keep(payload));
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  get text(): string {
    return Buffer.concat(this.kept).toString('utf8');
  }

  override _read(): void { /* no input for the process */ }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.decoder.push(chunk);
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
