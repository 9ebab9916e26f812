/** mount(2) flags from <sys/mount.h>. */
export const MS = {
  RDONLY: 0x1,
  NOSUID: 0x2,
  NODEV: 0x4,
  NOEXEC: 0x8,
  SYNCHRONOUS: 0x10,
  REMOUNT: 0x20,
  MANDLOCK: 0x40,
  DIRSYNC: 0x80,
  NOSYMFOLLOW: 0x100,
  NOATIME: 0x400,
  NODIRATIME: 0x800,
  BIND: 0x1000,
  MOVE: 0x2000,
  REC: 0x4000,
  UNBINDABLE: 0x20000,
  PRIVATE: 0x40000,
  SLAVE: 0x80000,
  SHARED: 0x100000,
  RELATIME: 0x200000,
  STRICTATIME: 0x1000000,
} as const;

/** [clear?, flag]: `clear` options such as `rw` or `dev` remove a flag that an earlier option set. */
const FLAG_OPTIONS: Record<string, [boolean, number]> = {
  defaults: [false, 0],
  ro: [false, MS.RDONLY],
  rw: [true, MS.RDONLY],
  nosuid: [false, MS.NOSUID],
  suid: [true, MS.NOSUID],
  nodev: [false, MS.NODEV],
  dev: [true, MS.NODEV],
  noexec: [false, MS.NOEXEC],
  exec: [true, MS.NOEXEC],
  sync: [false, MS.SYNCHRONOUS],
  async: [true, MS.SYNCHRONOUS],
  dirsync: [false, MS.DIRSYNC],
  remount: [false, MS.REMOUNT],
  mand: [false, MS.MANDLOCK],
  nomand: [true, MS.MANDLOCK],
  noatime: [false, MS.NOATIME],
  atime: [true, MS.NOATIME],
  nodiratime: [false, MS.NODIRATIME],
  diratime: [true, MS.NODIRATIME],
  relatime: [false, MS.RELATIME],
  norelatime: [true, MS.RELATIME],
  strictatime: [false, MS.STRICTATIME],
  nostrictatime: [true, MS.STRICTATIME],
  nosymfollow: [false, MS.NOSYMFOLLOW],
  bind: [false, MS.BIND],
  rbind: [false, MS.BIND | MS.REC],
};

const PROPAGATION_OPTIONS: Record<string, number> = {
  private: MS.PRIVATE,
  rprivate: MS.PRIVATE | MS.REC,
  shared: MS.SHARED,
  rshared: MS.SHARED | MS.REC,
  slave: MS.SLAVE,
  rslave: MS.SLAVE | MS.REC,
  unbindable: MS.UNBINDABLE,
  runbindable: MS.UNBINDABLE | MS.REC,
};

export interface ParsedMountOptions {
  flags: number;
  /** Propagation changes, applied with separate mount(2) calls after the mount itself. */
  propagation: number[];
  /** Everything that is not a flag, passed to the filesystem as its data string. */
  data: string[];
}

/** Splits option strings (`ro`, `rbind`, `nosuid`, `lowerdir=…`) into MS_* flags and fs data. */
export function parseMountOptions(options: readonly string[]): ParsedMountOptions {
  let flags = 0;
  const propagation: number[] = [];
  const data: string[] = [];
  for (const opt of options) {
    const flag = FLAG_OPTIONS[opt];
    if (flag) {
      const [clear, bit] = flag;
      flags = clear ? flags & ~bit : flags | bit;
      continue;
    }
    const prop = PROPAGATION_OPTIONS[opt];
    if (prop !== undefined) {
      propagation.push(prop);
      continue;
    }
    data.push(opt);
  }
  return { flags, propagation, data };
}
