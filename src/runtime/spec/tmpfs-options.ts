import { invalidArgument } from '../../core/engine-error.js';

/** Flag options, grouped by the mount flag they set or clear: the later one of a group wins. */
const FLAG_GROUP: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly',
  suid: 'nosuid', nosuid: 'nosuid',
  dev: 'nodev', nodev: 'nodev',
  exec: 'noexec', noexec: 'noexec',
  sync: 'sync', async: 'sync',
  dirsync: 'dirsync',
  remount: 'remount',
  mand: 'mand', nomand: 'mand',
  atime: 'noatime', noatime: 'noatime',
  diratime: 'nodiratime', nodiratime: 'nodiratime',
  relatime: 'relatime', norelatime: 'relatime',
  strictatime: 'strictatime', nostrictatime: 'strictatime',
  // bind and propagation flags replace one another
  bind: 'propagation', rbind: 'propagation',
  private: 'propagation', rprivate: 'propagation',
  shared: 'propagation', rshared: 'propagation',
  slave: 'propagation', rslave: 'propagation',
  unbindable: 'propagation', runbindable: 'propagation',
};

/** tmpfs data options Docker accepts (`key=value`). */
const DATA_KEYS = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

/** Docker's defaults for `--tmpfs` and `--mount type=tmpfs`. */
export const TMPFS_DEFAULT_OPTIONS: readonly string[] = ['noexec', 'nosuid', 'nodev', 'rprivate'];

/**
 * Options for a user tmpfs mount: Docker's defaults, then the user's comma-separated
 * options, keeping the last of each conflicting flag (`exec` beats the default `noexec`)
 * and the last value of each data key. Unknown options are invalid_argument.
 */
export function tmpfsOptions(user: readonly string[]): string[] {
  const all = [...TMPFS_DEFAULT_OPTIONS, ...user.flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean)];
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const opt = all[i]!;
    if (opt === 'defaults') continue;
    let key = FLAG_GROUP[opt];
    if (key === undefined) {
      const name = opt.includes('=') ? opt.slice(0, opt.indexOf('=')) : undefined;
      if (name === undefined || !DATA_KEYS.has(name)) {
        throw invalidArgument(`invalid tmpfs option ${JSON.stringify(name ?? opt)}`);
      }
      key = `data:${name}`;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(opt);
  }
  return out;
}
