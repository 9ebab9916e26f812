import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UstarWriter } from '../tar/ustar-writer.js';

/**
 * Writes `src` (a file, directory tree, or symlink) to `out` as a tar whose top
 * entry is called `topName`, the way `docker cp` sends a local path into a
 * container. With `followLink`, a symlink given as `src` is archived as what it
 * points to. Hard-linked files are stored once and linked after.
 */
export async function archiveLocalPath(src: string, topName: string, out: Writable, opts: { followLink?: boolean } = {}): Promise<void> {
  const tar = new UstarWriter(out);
  const seen = new Map<string, string>();
  const walk = async (abs: string, name: string, follow: boolean): Promise<void> => {
    const st = follow ? await stat(abs) : await lstat(abs);
    const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isDirectory()) {
      await tar.add({ ...base, name, type: 'directory' });
      for (const child of (await readdir(abs)).sort()) await walk(path.join(abs, child), `${name}/${child}`, false);
    } else if (st.isSymbolicLink()) {
      await tar.add({ ...base, name, type: 'symlink', linkname: await readlink(abs) });
    } else if (st.isFile()) {
      const inode = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? seen.get(inode) : undefined;
      if (first !== undefined) {
        await tar.add({ ...base, name, type: 'hardlink', linkname: first });
        return;
      }
      if (st.nlink > 1) seen.set(inode, name);
      await tar.add({ ...base, name, type: 'file', size: st.size }, createReadStream(abs));
    }
    // Sockets, fifos and devices are skipped: they can't be meaningfully copied.
  };
  try {
    await walk(src, topName, opts.followLink === true);
    await tar.finish();
  } catch (err) {
    out.destroy(err as Error);
    throw err;
  }
}
