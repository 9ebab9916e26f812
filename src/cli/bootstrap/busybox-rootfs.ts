import { execFileSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { UstarWriter } from '../tar/ustar-writer.js';

export const HOST_BUSYBOX = '/usr/bin/busybox';

const DIRS: [string, number][] = [
  ['bin', 0o755], ['dev', 0o755], ['etc', 0o755], ['home', 0o755], ['proc', 0o555], ['root', 0o700], ['sbin', 0o755],
  ['sys', 0o555], ['tmp', 0o1777], ['usr', 0o755], ['usr/bin', 0o755], ['usr/sbin', 0o755], ['var', 0o755],
];
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';

/** Why the host's busybox can't seed an image, or undefined when it can. */
export function busyboxProblem(path = HOST_BUSYBOX): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return `${path} not found: install the busybox-static package (apt-get install busybox-static)`;
  }
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < 64 || head.readUInt32BE(0) !== 0x7f454c46) return `${path} is not an ELF executable`;
    if (hasInterpreter(head.subarray(0, n))) {
      return `${path} is dynamically linked and would not run inside a container: install the busybox-static package`;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Whether a 64-bit little-endian ELF has a PT_INTERP program header (i.e. needs a dynamic loader). */
function hasInterpreter(elf: Buffer): boolean {
  if (elf[4] !== 2 || elf[5] !== 1) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > elf.length) break;
    if (elf.readUInt32LE(off) === 3) return true;
  }
  return false;
}

/** The applet paths busybox installs itself at (`bin/sh`, `usr/bin/awk`, ...). */
export function busyboxApplets(path = HOST_BUSYBOX): string[] {
  const out = execFileSync(path, ['--list-full'], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim().replace(/^\/+/, '')).filter((l) => l !== '' && l !== 'bin/busybox');
}

/**
 * Writes a minimal busybox root filesystem as a tar to `out`: the static binary
 * at /bin/busybox, a symlink per applet, /etc/passwd and /etc/group with root and
 * nobody, /tmp (1777) and the empty mount points. Every entry carries the
 * binary's mtime, so the same busybox always gives the same layer digest.
 */
export async function writeBusyboxRootfs(out: Writable, path = HOST_BUSYBOX): Promise<{ applets: number }> {
  const stat = statSync(path);
  const mtime = Math.floor(stat.mtimeMs / 1000);
  const applets = busyboxApplets(path);
  const tar = new UstarWriter(out);
  const dirs = new Map<string, number>(DIRS);
  for (const applet of applets) {
    const parts = applet.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) dirs.set(dir, 0o755);
    }
  }
  for (const [dir, mode] of [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    await tar.add({ name: dir, type: 'directory', mode, mtime });
  }
  await tar.add({ name: 'bin/busybox', type: 'file', mode: 0o755, size: stat.size, mtime }, createReadStream(path));
  for (const applet of applets) await tar.add({ name: applet, type: 'symlink', mode: 0o777, linkname: '/bin/busybox', mtime });
  await tar.add({ name: 'etc/passwd', type: 'file', mode: 0o644, mtime }, Buffer.from(PASSWD));
  await tar.add({ name: 'etc/group', type: 'file', mode: 0o644, mtime }, Buffer.from(GROUP));
  await tar.finish();
  return { applets: applets.length };
}
