import type { Socket } from 'node:net';
import { EngineError } from '../../core/engine-error.js';
import { connectUnix } from './connect-unix.js';
import { monitorPaths } from './monitor-paths.js';

/**
 * Connects an attach client to the monitor in `dir`. The socket yields the
 * output produced from now on, framed as docker's multiplexed stream (decode it
 * with FrameDecoder; with a tty everything is stream 1). What is written to it is
 * the container's stdin if the monitor was started with `stdin`; ending the write
 * side closes stdin if it was started with `stdinOnce`. The socket ends when the
 * process has exited and its output is drained. Destroying it never affects the
 * container.
 *
 * Fails with `conflict` when no monitor is serving `dir` (not started, or exited).
 */
export async function connectAttach(dir: string, opts: { signal?: AbortSignal } = {}): Promise<Socket> {
  try {
    return await connectUnix(monitorPaths(dir).attachSocket, { allowHalfOpen: true, signal: opts.signal });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ECONNRESET: the monitor closed its listener (it is exiting) with this connection still queued.
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
      throw new EngineError('conflict', 'the container is not running', { cause: err });
    }
    throw err;
  }
}
