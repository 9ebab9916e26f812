import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SnapshotUsage } from '../snapshotter.js';

/**
 * Walks `dir` without following symlinks: size is the sum of st_size of every
 * non-directory, each inode counted once (hardlinks), which is the number Docker's
 * overlay2 reports as a layer's size; inodes counts every distinct inode.
 */
export async function measureUsage(dir: string): Promise<SnapshotUsage> {
  const seen = new Set<string>();
  let size = 0;
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p, { bigint: true });
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (!st.isDirectory()) {
      size += Number(st.size);
      return;
    }
    for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  // The root directory itself is the snapshot, not content in it.
  return { size, inodes: seen.size - 1 };
}
