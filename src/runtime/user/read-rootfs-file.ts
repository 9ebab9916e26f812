import { constants } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import { invalidArgument } from '../../core/engine-error.js';

const MAX_LINKS = 255;
/** /etc/passwd and /etc/group are small; a bigger file is refused rather than read. */
const MAX_BYTES = 16 * 1024 * 1024;

const isNotFound = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * Resolves `path` inside `root` the way the container would see it: every symlink,
 * absolute or relative, is followed with `root` as `/`, and `..` never climbs above it.
 * Returns a host path under `root` (which may not exist).
 */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const pending = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const host = posix.join(root, ...done, part);
    let isLink = false;
    try {
      isLink = (await lstat(host)).isSymbolicLink();
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw invalidArgument(`too many symlinks resolving ${path} in the container`);
    const target = await readlink(host);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return posix.join(root, ...done);
}

/**
 * Reads a small regular file of a container rootfs without ever leaving it: symlinks are
 * resolved inside the rootfs, the final open refuses symlinks (O_NOFOLLOW) and FIFOs or
 * devices (O_NONBLOCK + fstat), and the opened file's real path is checked to lie under the
 * rootfs, which also defeats a directory swapped for a symlink between resolve and open.
 * Returns undefined when the file does not exist.
 */
export async function readRootfsFile(rootfsPath: string, path: string): Promise<string | undefined> {
  const root = await realpath(rootfsPath);
  const host = await resolveInRoot(root, path);
  let handle;
  try {
    handle = await open(host, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw invalidArgument(`${path} in the container is a symlink loop`);
    throw err;
  }
  try {
    const real = await readlink(`/proc/self/fd/${handle.fd}`);
    if (real !== root && !real.startsWith(`${root}/`)) {
      throw invalidArgument(`${path} resolves outside the container's rootfs`);
    }
    const st = await handle.stat();
    if (!st.isFile()) throw invalidArgument(`${path} in the container is not a regular file`);
    if (st.size > MAX_BYTES) throw invalidArgument(`${path} in the container is too large (${st.size} bytes)`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
