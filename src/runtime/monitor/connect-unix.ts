import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createConnection, type Socket } from 'node:net';

// sun_path holds 107 bytes; container directories can be longer than that.
const SUN_PATH_MAX = 107;

/**
 * Connects to a unix stream socket. Paths too long for sun_path are reached
 * through /proc/self/fd/<dirfd>/<name>, which the kernel resolves at connect time.
 * Rejects with the system error (ENOENT, ECONNREFUSED, ...) or the abort reason.
 */
export async function connectUnix(path: string, opts: { allowHalfOpen?: boolean; signal?: AbortSignal } = {}): Promise<Socket> {
  opts.signal?.throwIfAborted();
  if (Buffer.byteLength(path) <= SUN_PATH_MAX) return connectPath(path, opts);
  const dir = await open(dirname(path), constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    return await connectPath(`/proc/self/fd/${dir.fd}/${basename(path)}`, opts);
  } finally {
    await dir.close();
  }
}

function connectPath(path: string, opts: { allowHalfOpen?: boolean; signal?: AbortSignal }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path, allowHalfOpen: opts.allowHalfOpen ?? false });
    const onAbort = () => {
      socket.destroy();
      reject(opts.signal?.reason);
    };
    const settle = () => {
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    const onError = (err: Error) => {
      settle();
      reject(err);
    };
    socket.once('connect', () => {
      settle();
      resolve(socket);
    });
    socket.once('error', onError);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
