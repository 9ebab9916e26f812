import { readFileSync } from 'node:fs';

/**
 * How cgroups are mounted on this host.
 * - `v2`: one unified cgroup2 hierarchy at /sys/fs/cgroup (most current distributions).
 * - `v1`: one hierarchy per controller under /sys/fs/cgroup/<controller>.
 * - `hybrid`: v1 controllers plus a cgroup2 mount (usually /sys/fs/cgroup/unified); containers use
 *   the v1 controllers, and crun requires the cgroup2 mount to hold no controllers.
 */
export interface CgroupLayout {
  version: 1 | 2;
  hybrid: boolean;
  /** controller name -> mount point (v1 and hybrid); for v2 every controller maps to the unified root. */
  controllers: Map<string, string>;
  /** The cgroup2 mount point, if any. */
  unifiedMount?: string;
}

interface MountInfoLine {
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

function parseMountInfo(text: string): MountInfoLine[] {
  const out: MountInfoLine[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    out.push({
      mountPoint: unescapeOctal(left[4] ?? ''),
      fsType: right[0] ?? '',
      superOptions: (right[2] ?? '').split(','),
    });
  }
  return out;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

const V1_CONTROLLERS = new Set([
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'hugetlb', 'net_cls',
  'net_prio', 'perf_event', 'rdma', 'misc',
]);

export function detectCgroupLayout(mountInfo = readFileSync('/proc/self/mountinfo', 'utf8')): CgroupLayout {
  const mounts = parseMountInfo(mountInfo);
  const controllers = new Map<string, string>();
  let unifiedMount: string | undefined;
  for (const m of mounts) {
    if (m.fsType === 'cgroup2') unifiedMount ??= m.mountPoint;
    if (m.fsType !== 'cgroup') continue;
    for (const opt of m.superOptions) if (V1_CONTROLLERS.has(opt)) controllers.set(opt, m.mountPoint);
  }
  if (controllers.size === 0 && unifiedMount !== undefined) {
    for (const c of readUnifiedControllers(unifiedMount)) controllers.set(c, unifiedMount);
    return { version: 2, hybrid: false, controllers, unifiedMount };
  }
  return {
    version: 1,
    hybrid: unifiedMount !== undefined,
    controllers,
    ...(unifiedMount !== undefined ? { unifiedMount } : {}),
  };
}

export function readUnifiedControllers(mountPoint: string): string[] {
  try {
    return readFileSync(`${mountPoint}/cgroup.controllers`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}
