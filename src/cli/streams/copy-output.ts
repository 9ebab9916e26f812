import type { Readable, Writable } from 'node:stream';
import { StdioFrameDecoder as FrameDecoder, STDERR, STDIN, STDOUT, SYSTEMERR } from '../../core/stdio-frames.js';
import { StreamError } from '../../client/stream-error.js';

/**
 * Copies a container's output to local stdout/stderr until `source` ends: raw
 * (tty) bytes go to stdout; multiplexed frames are split by stream. Backpressure
 * from a slow consumer pauses the source. A "systemerr" frame (the daemon
 * reporting a failure in-band) ends the copy with a StreamError.
 */
export function copyOutput(source: Readable, multiplexed: boolean, stdout: Writable, stderr: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    const write = (target: Writable, data: Buffer) => {
      if (!target.write(data)) {
        source.pause();
        target.once('drain', () => source.resume());
      }
    };
    const decoder = new FrameDecoder((stream, data) => {
      if (stream === STDOUT || stream === STDIN) write(stdout, data);
      else if (stream === STDERR) write(stderr, data);
      else if (stream === SYSTEMERR) failure ??= new StreamError(data.toString('utf8').trim());
      else failure ??= new StreamError(`unrecognized input header: ${stream}`);
    });
    source.on('data', (chunk: Buffer) => (multiplexed ? decoder.push(chunk) : write(stdout, chunk)));
    source.once('end', () => (failure ? reject(failure) : resolve()));
    source.once('close', () => (failure ? reject(failure) : resolve()));
    source.once('error', (err) => {
      // A connection reset after the output ended cleanly is not worth reporting.
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' && decoder.atBoundary) resolve();
      else reject(err);
    });
    source.resume();
  });
}
