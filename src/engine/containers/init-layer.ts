import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mount } from '../../core/mount.js';

/**
 * Docker's init layer: a read-only layer between the image and the container's writable layer
 * holding the mount points berth binds over (`/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`)
 * and the directories the runtime mounts on. Without it the runtime creates them in the writable
 * layer, and every container's `docker diff` (and `docker commit`) shows `C /etc`, `A /etc/hosts`...
 */
const DIRS = ['etc', 'dev', 'dev/pts', 'dev/shm', 'proc', 'sys'];
const FILES = ['etc/hosts', 'etc/hostname', 'etc/resolv.conf'];

/** Creates the layer's content at `dir` if missing (idempotent: also a repair after a crash). */
export async function ensureInitLayer(dir: string): Promise<void> {
  for (const d of DIRS) await mkdir(join(dir, d), { recursive: true, mode: 0o755 });
  for (const f of FILES) {
    await writeFile(join(dir, f), '', { flag: 'a', mode: 0o644 });
  }
}

/** At start: one stat when the layer is there (the usual case), a repair when a crash left it unfinished. */
export async function checkInitLayer(dir: string): Promise<void> {
  await access(join(dir, FILES[FILES.length - 1]!)).catch(() => ensureInitLayer(dir));
}

/** The rootfs mounts with `dir` as the topmost lower layer of the overlay. */
export function withInitLayer(mounts: Mount[], dir: string): Mount[] {
  return mounts.map((m) => {
    if (m.type !== 'overlay') return m;
    return { ...m, options: m.options.map((o) => (o.startsWith('lowerdir=') ? `lowerdir=${dir}:${o.slice('lowerdir='.length)}` : o)) };
  });
}

/** Whether the rootfs mounts use the init layer at `dir` (containers made before it existed don't). */
export function usesInitLayer(mounts: Mount[], dir: string): boolean {
  return mounts.some((m) => m.type === 'overlay' && m.options.some((o) => o.startsWith(`lowerdir=${dir}:`)));
}
