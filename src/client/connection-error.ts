import { ClientError } from './client-error.js';
import type { DaemonHost } from './daemon-host.js';

/** Turns socket-level failures into the messages docker users know; aborts pass through. */
export function connectionError(err: Error, host: DaemonHost): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new ClientError(0, `Cannot connect to the berth daemon at ${host.url}. Is the berth daemon running?`, { cause: err });
  }
  if (code === 'EACCES') {
    return new ClientError(0, `permission denied while trying to connect to the berth daemon socket at ${host.url}`, { cause: err });
  }
  if (err.name === 'AbortError') return err;
  return new ClientError(0, `error during connect: ${err.message}`, { cause: err });
}
