import koffi from 'koffi';
import { SysError } from './sys-error.js';

/**
 * Direct libc calls through koffi, for what `node:fs` cannot do: mount, device
 * nodes, extended attributes on symlinks, netlink sockets, namespaces (setns,
 * unshare). The library is loaded on first use, so importing this module costs
 * nothing on a path that never mounts.
 *
 * Every function throws `SysError` (errno name in `.code`) when the call fails.
 * errno is read with `koffi.errno()` right after the call, before any other JS
 * runs that could clobber it.
 */

type Fn = (...args: unknown[]) => number;

interface Bindings {
  mount: Fn;
  umount2: Fn;
  mknod: Fn;
  lsetxattr: Fn;
  lgetxattr: Fn;
  llistxattr: Fn;
  lremovexattr: Fn;
  fsopen: Fn;
  fsconfig: Fn;
  fsmount: Fn;
  move_mount: Fn;
  close: Fn;
  socket: Fn;
  setsockopt: Fn;
  sendto: Fn;
  recv: Fn;
  setns: Fn;
  unshare: Fn;
}

let bindings: Bindings | undefined;

function libc(): Bindings {
  if (bindings) return bindings;
  const lib = koffi.load('libc.so.6');
  const f = (decl: string) => lib.func(decl) as unknown as Fn;
  bindings = {
    mount: f('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)'),
    umount2: f('int umount2(const char *target, int flags)'),
    mknod: f('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
    lsetxattr: f('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
    lgetxattr: f('intptr_t lgetxattr(const char *path, const char *name, void *value, size_t size)'),
    llistxattr: f('intptr_t llistxattr(const char *path, void *list, size_t size)'),
    lremovexattr: f('int lremovexattr(const char *path, const char *name)'),
    fsopen: f('int fsopen(const char *fsname, unsigned int flags)'),
    fsconfig: f('int fsconfig(int fd, unsigned int cmd, const char *key, const char *value, int aux)'),
    fsmount: f('int fsmount(int fd, unsigned int flags, unsigned int attrFlags)'),
    move_mount: f('int move_mount(int fromDirfd, const char *fromPath, int toDirfd, const char *toPath, unsigned int flags)'),
    close: f('int close(int fd)'),
    socket: f('int socket(int domain, int type, int protocol)'),
    setsockopt: f('int setsockopt(int fd, int level, int name, const void *value, uint32_t length)'),
    sendto: f('intptr_t sendto(int fd, const void *buf, size_t length, int flags, const void *addr, uint32_t addrLength)'),
    recv: f('intptr_t recv(int fd, void *buf, size_t length, int flags)'),
    setns: f('int setns(int fd, int nstype)'),
    unshare: f('int unshare(int flags)'),
  };
  return bindings;
}

function check(rc: number | bigint, syscall: string, path?: string, detail?: string): number {
  const n = Number(rc);
  if (n < 0) throw new SysError(syscall, koffi.errno(), path, detail);
  return n;
}

export function mount(source: string | null, target: string, fstype: string | null, flags: number, data: string | null): void {
  check(libc().mount(source, target, fstype, flags, data), 'mount', target, fstype ?? undefined);
}

export function umount2(target: string, flags: number): void {
  check(libc().umount2(target, flags), 'umount2', target);
}

/** `mode` carries the file type bits (S_IFCHR, S_IFBLK, S_IFIFO) and permissions; the umask applies. */
export function mknod(path: string, mode: number, dev: bigint): void {
  check(libc().mknod(path, mode, dev), 'mknod', path);
}

/** glibc's `makedev` for 64-bit dev_t. */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major >>> 0);
  const mi = BigInt(minor >>> 0);
  return ((ma & 0xfffn) << 8n) | ((ma & 0xfffff000n) << 32n) | (mi & 0xffn) | ((mi & 0xffffff00n) << 12n);
}

export function major(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & 0xfffff000n));
}

export function minor(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number((d & 0xffn) | ((d >> 12n) & 0xffffff00n));
}

export function lsetxattr(path: string, name: string, value: Buffer, flags = 0): void {
  check(libc().lsetxattr(path, name, value, value.length, flags), 'lsetxattr', path, name);
}

/** The attribute's value, or undefined when the file has no such attribute (ENODATA). */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  const c = libc();
  for (;;) {
    const size = Number(c.lgetxattr(path, name, null, 0));
    if (size < 0) {
      const errno = koffi.errno();
      if (errno === koffi.os.errno.ENODATA) return undefined;
      throw new SysError('lgetxattr', errno, path, name);
    }
    const buf = Buffer.alloc(size);
    const got = Number(c.lgetxattr(path, name, buf, size));
    if (got >= 0) return buf.subarray(0, got);
    const errno = koffi.errno();
    if (errno === koffi.os.errno.ERANGE) continue; // grew between the two calls
    if (errno === koffi.os.errno.ENODATA) return undefined;
    throw new SysError('lgetxattr', errno, path, name);
  }
}

export function llistxattr(path: string): string[] {
  const c = libc();
  for (;;) {
    const size = check(c.llistxattr(path, null, 0), 'llistxattr', path);
    if (size === 0) return [];
    const buf = Buffer.alloc(size);
    const got = Number(c.llistxattr(path, buf, size));
    if (got < 0) {
      if (koffi.errno() === koffi.os.errno.ERANGE) continue;
      throw new SysError('llistxattr', koffi.errno(), path);
    }
    return buf.subarray(0, got).toString('utf8').split('\0').filter((s) => s.length > 0);
  }
}

export function lremovexattr(path: string, name: string): void {
  check(libc().lremovexattr(path, name), 'lremovexattr', path, name);
}

// The new mount API (Linux 5.2+), used where mount(2)'s one-page data limit bites.
export const FSOPEN_CLOEXEC = 0x1;
export const FSCONFIG_SET_FLAG = 0;
export const FSCONFIG_SET_STRING = 1;
export const FSCONFIG_CMD_CREATE = 6;
export const FSMOUNT_CLOEXEC = 0x1;
export const MOVE_MOUNT_F_EMPTY_PATH = 0x4;
export const AT_FDCWD = -100;
export const MOUNT_ATTR_RDONLY = 0x1;
export const MOUNT_ATTR_NOSUID = 0x2;
export const MOUNT_ATTR_NODEV = 0x4;
export const MOUNT_ATTR_NOEXEC = 0x8;

export function fsopen(fsname: string, flags: number): number {
  return check(libc().fsopen(fsname, flags), 'fsopen', undefined, fsname);
}

export function fsconfig(fd: number, cmd: number, key: string | null, value: string | null, aux = 0): void {
  check(libc().fsconfig(fd, cmd, key, value, aux), 'fsconfig', undefined, key ?? undefined);
}

export function fsmount(fd: number, flags: number, attrFlags: number): number {
  return check(libc().fsmount(fd, flags, attrFlags), 'fsmount');
}

export function moveMount(fromDirfd: number, fromPath: string, toDirfd: number, toPath: string, flags: number): void {
  check(libc().move_mount(fromDirfd, fromPath, toDirfd, toPath, flags), 'move_mount', toPath);
}

export function closeFd(fd: number): void {
  check(libc().close(fd), 'close');
}

// Sockets, for what node:net does not offer (AF_NETLINK). Calls block the calling thread.
export const AF_NETLINK = 16;
export const SOCK_RAW = 3;
export const SOCK_CLOEXEC = 0x80000;
export const MSG_TRUNC = 0x20;

/** A new socket's fd; the caller owns it and closes it with `closeFd`. */
export function socket(domain: number, type: number, protocol: number): number {
  return check(libc().socket(domain, type, protocol), 'socket');
}

export function setsockopt(fd: number, level: number, name: number, value: Buffer): void {
  check(libc().setsockopt(fd, level, name, value, value.length), 'setsockopt', undefined, `level ${level} option ${name}`);
}

/** Bytes sent; `addr` is the raw sockaddr (null on a connected socket). */
export function sendto(fd: number, buf: Buffer, flags: number, addr: Buffer | null): number {
  return check(libc().sendto(fd, buf, buf.length, flags, addr, addr ? addr.length : 0), 'sendto');
}

/** Bytes received into `buf`; with MSG_TRUNC a datagram socket returns the real length, which may exceed `buf.length`. */
export function recv(fd: number, buf: Buffer, flags: number): number {
  return check(libc().recv(fd, buf, buf.length, flags), 'recv');
}

// Namespaces. setns and unshare act on the calling thread only, which for these
// synchronous calls is the JS thread that made them.
export const CLONE_NEWNET = 0x40000000;

export function setns(fd: number, nstype: number): void {
  check(libc().setns(fd, nstype), 'setns');
}

export function unshare(flags: number): void {
  check(libc().unshare(flags), 'unshare');
}
