import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceInfo } from '../spec-input.js';

/** Directories of /dev that are per-container or not devices (containerd skips the same). */
const SKIP_DIRS = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', '.udev']);

/** glibc's major()/minor() for a 64-bit dev_t. */
export function splitDev(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xffff_f000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffff_ff00n);
  return { major: Number(major), minor: Number(minor) };
}

/**
 * Every character and block device under `root` (default /dev), for `--privileged`.
 * Symlinks and /dev/console are left out: the runtime provides the container's console.
 */
export async function listHostDevices(root = '/dev'): Promise<DeviceInfo[]> {
  const out: DeviceInfo[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // vanished or unreadable: devices come and go
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      let st;
      try {
        st = await lstat(path, { bigint: true });
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) await walk(path);
        continue;
      }
      if (path === join(root, 'console')) continue;
      const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : undefined;
      if (!type) continue;
      out.push({
        path, type, ...splitDev(st.rdev),
        fileMode: Number(st.mode & 0o7777n), uid: Number(st.uid), gid: Number(st.gid),
      });
    }
  };
  await walk(root);
  return out;
}
