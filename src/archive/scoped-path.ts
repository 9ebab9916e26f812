import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { invalidArgument } from '../core/engine-error.js';

/** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS is 40; Docker allows 255). */
const MAX_LINKS = 255;

export interface ScopedPath {
  /** The path inside the root, absolute and clean ("/" for the root itself). */
  inner: string;
  /** The same path on the host: always `root` or below it. */
  host: string;
}

/**
 * Resolves `p` inside `root` as if `root` were `/` (chroot semantics): `..` stops at the root,
 * and each symlink met is read and its target resolved again inside the root, an absolute
 * target starting over from the root. Every component of the result except possibly the last
 * is a real directory under `root`, so the host path can never leave it. The last component
 * is followed only with `followFinal` or when `p` ends in `/` or `/.` (Docker follows parents
 * but lstats the final name, unless a trailing separator makes it a directory).
 * Missing components are kept as they are: the caller's lstat reports them.
 *
 * A process inside a running container can swap a directory for a symlink between this walk
 * and the caller's use; callers that write must still refuse symlinked parents on their own.
 */
export async function resolveScopedPath(root: string, p: string, opts: { followFinal: boolean }): Promise<ScopedPath> {
  if (p.includes('\0')) throw invalidArgument(`invalid path ${JSON.stringify(p)}: contains NUL`);
  const followFinal = opts.followFinal || /\/\.?$/.test(p);
  const todo = p.split('/');
  const out: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      out.pop();
      continue;
    }
    const host = path.join(root, ...out, part);
    const isLast = todo.every((t) => t === '' || t === '.');
    let target: string | undefined;
    if (!isLast || followFinal) target = await symlinkTarget(host);
    if (target === undefined) {
      out.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw invalidArgument(`too many levels of symbolic links in ${JSON.stringify(p)}`);
    if (target.startsWith('/')) out.length = 0;
    todo.unshift(...target.split('/'));
  }
  return { inner: `/${out.join('/')}`, host: path.join(root, ...out) };
}

async function symlinkTarget(host: string): Promise<string | undefined> {
  try {
    const st = await lstat(host);
    return st.isSymbolicLink() ? await readlink(host) : undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
