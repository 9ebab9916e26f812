import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Mount } from '../core/mount.js';
import {
  AT_FDCWD,
  closeFd,
  FSCONFIG_CMD_CREATE,
  FSCONFIG_SET_FLAG,
  FSCONFIG_SET_STRING,
  fsconfig,
  fsmount,
  FSMOUNT_CLOEXEC,
  fsopen,
  FSOPEN_CLOEXEC,
  mount,
  MOUNT_ATTR_NODEV,
  MOUNT_ATTR_NOEXEC,
  MOUNT_ATTR_NOSUID,
  MOUNT_ATTR_RDONLY,
  moveMount,
  MOVE_MOUNT_F_EMPTY_PATH,
  umount2,
} from './libc.js';
import { MS, parseMountOptions } from './mount-options.js';
import { type MountInfo, readMountInfo } from './mountinfo.js';
import { SysError } from './sys-error.js';

/**
 * mount(2) copies at most one page of data. x86-64 and arm64 Linux use 4 KiB pages
 * at the least, so this is the safe bound.
 */
const MOUNT_DATA_LIMIT = 4096;

const MNT_DETACH = 0x2;

/**
 * Mounts each of `mounts` at `target` joined with the mount's own `target`
 * (`''` or `/` meaning `target` itself), in order. Types: `overlay`, `bind`
 * (or any type with the `bind`/`rbind` option), `tmpfs`, and any other fs type
 * the kernel knows. Option strings that name MS_* flags become flags, the rest
 * is the filesystem's data. If one mount fails the ones already made are undone.
 *
 * Overlay data longer than a page (many lowerdirs) is mounted with the new mount
 * API, adding one `lowerdir+` per layer (Linux 6.8+); older kernels get a clear error.
 */
export function mountAll(mounts: readonly Mount[], target: string): void {
  const done: string[] = [];
  try {
    for (const m of mounts) {
      const dest = m.target === '' ? target : path.join(target, m.target);
      mountOne(m, dest);
      done.push(dest);
    }
  } catch (err) {
    for (const dest of done.reverse()) {
      try {
        umount2(dest, MNT_DETACH);
      } catch {
        // best effort: the original error is the one worth reporting
      }
    }
    throw err;
  }
}

function mountOne(m: Mount, dest: string): void {
  const { flags, propagation, data } = parseMountOptions(m.options);
  const isBind = m.type === 'bind' || (flags & MS.BIND) !== 0;
  const mountFlags = isBind ? flags | MS.BIND : flags;
  const dataStr = data.join(',');
  if (m.type === 'overlay' && Buffer.byteLength(dataStr) + 1 > MOUNT_DATA_LIMIT) {
    mountOverlayNewApi(m.source, dest, mountFlags, data);
  } else {
    mount(m.source, dest, isBind ? null : m.type, mountFlags, dataStr === '' ? null : dataStr);
  }
  // A bind mount ignores ro/nosuid/nodev/noexec on creation; a remount applies them.
  const restrict = MS.RDONLY | MS.NOSUID | MS.NODEV | MS.NOEXEC;
  if (isBind && (flags & restrict) !== 0) {
    mount(null, dest, null, MS.REMOUNT | MS.BIND | (flags & restrict), null);
  }
  for (const p of propagation) mount(null, dest, null, p, null);
}

function mountOverlayNewApi(source: string, dest: string, flags: number, data: string[]): void {
  const fd = fsopen('overlay', FSOPEN_CLOEXEC);
  try {
    fsconfig(fd, FSCONFIG_SET_STRING, 'source', source || 'overlay');
    for (const opt of data) {
      const eq = opt.indexOf('=');
      if (eq < 0) {
        fsconfig(fd, FSCONFIG_SET_FLAG, opt, null);
        continue;
      }
      const key = opt.slice(0, eq);
      const value = opt.slice(eq + 1);
      if (key !== 'lowerdir') {
        fsconfig(fd, FSCONFIG_SET_STRING, key, value);
        continue;
      }
      for (const lower of value.split(':')) {
        try {
          fsconfig(fd, FSCONFIG_SET_STRING, 'lowerdir+', lower);
        } catch (err) {
          if (SysError.is(err, 'EINVAL')) {
            throw new SysError('fsconfig', err.errno, dest,
              `overlay options exceed one page and this kernel lacks "lowerdir+" (Linux 6.8+); too many layers`);
          }
          throw err;
        }
      }
    }
    fsconfig(fd, FSCONFIG_CMD_CREATE, null, null);
    let attrs = 0;
    if (flags & MS.RDONLY) attrs |= MOUNT_ATTR_RDONLY;
    if (flags & MS.NOSUID) attrs |= MOUNT_ATTR_NOSUID;
    if (flags & MS.NODEV) attrs |= MOUNT_ATTR_NODEV;
    if (flags & MS.NOEXEC) attrs |= MOUNT_ATTR_NOEXEC;
    const mfd = fsmount(fd, FSMOUNT_CLOEXEC, attrs);
    try {
      moveMount(mfd, '', AT_FDCWD, dest, MOVE_MOUNT_F_EMPTY_PATH);
    } finally {
      closeFd(mfd);
    }
  } finally {
    closeFd(fd);
  }
}

/**
 * Unmounts `target`. With `recursive`, every mount at or below it goes, deepest
 * first. A path that is not a mount point is not an error, so this is safe to
 * repeat after a crash. `detach` is MNT_DETACH (lazy: busy mounts go when free).
 */
export async function unmount(target: string, opts: { detach?: boolean; recursive?: boolean } = {}): Promise<void> {
  const flags = opts.detach ? MNT_DETACH : 0;
  if (opts.recursive) {
    const under = await listMountsUnder(target);
    const points = [...new Set(under.map((m) => m.mountPoint))].sort((a, b) => b.length - a.length);
    for (const p of points) unmountStack(p, flags);
    return;
  }
  unmountStack(await resolved(target), flags);
}

/** Unmounts every mount stacked at `p`; EINVAL means nothing (more) is mounted there. */
function unmountStack(p: string, flags: number): void {
  for (;;) {
    try {
      umount2(p, flags);
    } catch (err) {
      if (SysError.is(err, 'EINVAL') || SysError.is(err, 'ENOENT')) return;
      throw err;
    }
  }
}

export async function isMountPoint(p: string): Promise<boolean> {
  const abs = await resolved(p);
  return (await readMountInfo()).some((m) => m.mountPoint === abs);
}

/**
 * Mounts whose mount point is `prefix` or below it, in mountinfo order. Boot-time
 * reconcile uses it to find overlay mounts leaked under a data root by a crash.
 */
export async function listMountsUnder(prefix: string): Promise<MountInfo[]> {
  const abs = await resolved(prefix);
  const withSlash = abs.endsWith('/') ? abs : `${abs}/`;
  return (await readMountInfo()).filter((m) => m.mountPoint === abs || m.mountPoint.startsWith(withSlash));
}

async function resolved(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}
