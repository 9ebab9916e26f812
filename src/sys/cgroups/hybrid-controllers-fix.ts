import { mkdirSync, rmdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { EngineError } from '../../core/engine-error.js';
import { type CgroupLayout, readUnifiedControllers } from './cgroup-layout.js';

export interface HybridFixResult {
  /** Controllers that were moved off the cgroup2 mount onto their own v1 hierarchy. */
  moved: string[];
}

/**
 * crun (1.8) refuses to start anything on a hybrid host whose cgroup2 mount still holds controllers
 * ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"). A controller can be
 * moved back to v1 by mounting a v1 hierarchy for it, as long as no cgroup2 group uses it; typically
 * only `hugetlb` is left there. We do that at daemon start rather than make every `run` fail.
 */
export function fixHybridControllers(layout: CgroupLayout): HybridFixResult {
  if (layout.version !== 1 || !layout.hybrid || layout.unifiedMount === undefined) return { moved: [] };
  const stuck = readUnifiedControllers(layout.unifiedMount);
  const moved: string[] = [];
  for (const controller of stuck) {
    const target = `/sys/fs/cgroup/${controller}`;
    try {
      mkdirSync(target, { recursive: true });
      // mount(8) rather than mount(2): this runs once per boot, and the binary handles the
      // cgroup v1 option syntax for every controller name.
      execFileSync('mount', ['-t', 'cgroup', '-o', controller, 'cgroup', target], { stdio: 'pipe' });
      moved.push(controller);
    } catch (err) {
      try { rmdirSync(target); } catch { /* it was there before, or not empty: leave it */ }
      const detail = err instanceof Error && 'stderr' in err ? String((err as { stderr: unknown }).stderr).trim() : String(err);
      throw new EngineError('unavailable',
        `cgroup v1/v2 hybrid layout: controller "${controller}" is attached to the cgroup2 mount ` +
        `${layout.unifiedMount}, so the OCI runtime cannot create containers, and mounting a v1 ` +
        `hierarchy for it failed: ${detail}`,
        { hint: `mount it by hand: mkdir -p ${target} && mount -t cgroup -o ${controller} cgroup ${target}` });
    }
  }
  return { moved };
}
