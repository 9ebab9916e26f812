import type { ContainerPathStat } from '../../engine/containers/container-archive.js';

/** Go's os.FileMode type bits, as Docker's container path stat carries them. */
const GO_MODE = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
} as const;

const S_IFMT = 0o170000;

/** A POSIX st_mode as Go's os.FileMode (what Docker's JSON carries). */
export function goFileMode(mode: number): number {
  let out = mode & 0o777;
  switch (mode & S_IFMT) {
    case 0o040000: out += GO_MODE.dir; break;
    case 0o120000: out += GO_MODE.symlink; break;
    case 0o060000: out += GO_MODE.device; break;
    case 0o020000: out += GO_MODE.device + GO_MODE.charDevice; break;
    case 0o010000: out += GO_MODE.namedPipe; break;
    case 0o140000: out += GO_MODE.socket; break;
  }
  if (mode & 0o4000) out += GO_MODE.setuid;
  if (mode & 0o2000) out += GO_MODE.setgid;
  if (mode & 0o1000) out += GO_MODE.sticky;
  return out;
}

/** The `X-Docker-Container-Path-Stat` header value: base64 of Docker's ContainerPathStat JSON. */
export function pathStatHeader(stat: ContainerPathStat): string {
  const body = { name: stat.name, size: stat.size, mode: goFileMode(stat.mode), mtime: stat.mtime.toISOString(), linkTarget: stat.linkTarget };
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

export const PATH_STAT_HEADER = 'X-Docker-Container-Path-Stat';
