import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { lgetxattr } from '../sys/libc.js';
import type { TarWriter } from './tar-writer.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';
const OVERLAY_XATTR = /^(trusted|user)\.overlay\./;

/**
 * Writes an overlay upper directory as an OCI layer: the reverse of applyLayer. Entries are
 * named relative to `upper`, parents before children, in name order. An overlay whiteout (char
 * device 0/0) becomes an empty regular file `.wh.NAME` (mode 0600, the device's owner and
 * mtime); an opaque directory keeps its entry and gets a `.wh..wh..opq` file right after it.
 * Overlay's own xattrs (`trusted.overlay.*`, `user.overlay.*`) stay out of the layer; other
 * xattrs (file capabilities) go in. Symlinks are archived, never followed.
 */
export async function writeOverlayDiff(w: TarWriter, upper: string, signal?: AbortSignal): Promise<void> {
  await writeChildren(w, upper, '', signal);
}

async function writeChildren(w: TarWriter, upper: string, rel: string, signal?: AbortSignal): Promise<void> {
  const names = (await readdir(path.join(upper, rel))).sort();
  for (const name of names) {
    signal?.throwIfAborted();
    const relPath = rel === '' ? name : `${rel}/${name}`;
    const host = path.join(upper, relPath);
    const st = await lstat(host);
    if (st.isCharacterDevice() && st.rdev === 0) {
      const whiteout = rel === '' ? `${WHITEOUT_PREFIX}${name}` : `${rel}/${WHITEOUT_PREFIX}${name}`;
      await w.add({ name: whiteout, type: 'file', size: 0, mode: 0o600, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) }, Buffer.alloc(0));
      continue;
    }
    await w.addPath(host, relPath, { xattrs: (key) => !OVERLAY_XATTR.test(key) });
    if (!st.isDirectory()) continue;
    if (isOpaque(host)) {
      await w.add({ name: `${relPath}/${OPAQUE}`, type: 'file', size: 0, mode: st.mode & 0o777, uid: st.uid, gid: st.gid,
        mtime: Math.floor(st.mtimeMs / 1000) }, Buffer.alloc(0));
    }
    await writeChildren(w, upper, relPath, signal);
  }
}

function isOpaque(host: string): boolean {
  for (const key of ['trusted.overlay.opaque', 'user.overlay.opaque']) {
    if (lgetxattr(host, key)?.toString() === 'y') return true;
  }
  return false;
}
