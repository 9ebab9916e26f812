import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

const MAX_LINKS = 40;

/**
 * The host path of `path` inside the tree at `root`, following symlinks as if `root` were `/`
 * (an absolute link target restarts at `root`, `..` stops at it), so an image's links can never
 * lead outside its rootfs. Missing components are kept as they are; the caller finds them missing.
 */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  let pending = posix.normalize(path).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') { done.pop(); continue; }
    const here = join(root, ...done, part);
    const st = await lstat(here).catch(() => undefined);
    if (!st?.isSymbolicLink()) { done.push(part); continue; }
    if (++links > MAX_LINKS) throw new Error(`too many levels of symbolic links under ${path}`);
    const target = await readlink(here);
    if (target.startsWith('/')) done.length = 0;
    pending = [...target.split('/').filter(Boolean), ...pending];
  }
  return join(root, ...done);
}
