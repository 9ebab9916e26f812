import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TarWriter } from './tar-writer.js';

/**
 * Adds `hostPath` as `name` and, if it is a directory, everything below it in name order.
 * Symlinks are archived as symlinks and never followed, so the walk stays under `hostPath`.
 * `name` '' archives the directory's contents without an entry for the directory itself.
 */
export async function writeTree(w: TarWriter, hostPath: string, name: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (name !== '') await w.addPath(hostPath, name);
  const st = await lstat(hostPath);
  if (!st.isDirectory()) return;
  const children = (await readdir(hostPath)).sort();
  for (const child of children) {
    await writeTree(w, path.join(hostPath, child), name === '' ? child : `${name}/${child}`, signal);
  }
}
