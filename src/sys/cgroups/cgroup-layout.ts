import { readFileSync } from 'node:fs';
import { parseMountInfo } from '../mountinfo.js';

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
