import { chmod, copyFile, lchown, lstat, lutimes, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Docker's copy-up: the image's content at a volume's destination is copied into the volume the
 * first time an empty volume is mounted there. Regular files, directories and symlinks keep
 * mode, ownership and times; hard links become separate copies and device nodes, fifos and
 * sockets are skipped (Node has no mknod, and images rarely ship them under a VOLUME).
 * `dst` must exist; `src`'s own mode and owner are applied to it, as Docker does.
 */
export async function copyUp(src: string, dst: string): Promise<void> {
  const st = await lstat(src);
  if (!st.isDirectory()) return;
  await copyChildren(src, dst);
  await lchown(dst, st.uid, st.gid);
  await chmod(dst, st.mode & 0o7777);
  await lutimes(dst, st.atime, st.mtime);
}

async function copyChildren(src: string, dst: string): Promise<void> {
  for (const name of await readdir(src)) {
    const from = join(src, name);
    const to = join(dst, name);
    const st = await lstat(from);
    if (st.isDirectory()) {
      await mkdir(to);
      await copyChildren(from, to);
    } else if (st.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else if (st.isFile()) {
      await copyFile(from, to);
    } else {
      continue;
    }
    await lchown(to, st.uid, st.gid);
    // chmod follows symlinks, and a link's own mode means nothing on Linux.
    if (!st.isSymbolicLink()) await chmod(to, st.mode & 0o7777);
    await lutimes(to, st.atime, st.mtime);
  }
}
