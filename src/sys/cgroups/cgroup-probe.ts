import { readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { totalmem } from 'node:os';
import type { CgroupLayout } from './cgroup-layout.js';
import { type CgroupStats, readCgroupStats, readSystemCpuNs } from './cgroup-stats.js';

/**
 * Reads what the kernel records in container cgroups, and removes empty leftovers. The OCI runtime
 * creates and deletes the cgroups; this only looks, and cleans up after a crash.
 */
export class CgroupProbe {
  constructor(private readonly layout: CgroupLayout, private readonly parent: string) {}

  pathFor(id: string): string {
    return `/${this.parent}/${id}`;
  }

  /** True once the kernel OOM-killed a task of this cgroup (`oom_kill` counter, v1 and v2). */
  async oomKilled(cgroupsPath: string): Promise<boolean> {
    const file = this.layout.version === 2 ? 'memory.events' : 'memory.oom_control';
    const root = this.layout.controllers.get('memory');
    if (!root) return false;
    try {
      const text = await readFile(join(root, cgroupsPath, file), 'utf8');
      const m = /^oom_kill (\d+)$/m.exec(text);
      return m !== null && Number(m[1]) > 0;
    } catch {
      return false;
    }
  }

  stats(cgroupsPath: string): Promise<CgroupStats> {
    return readCgroupStats(this.layout, cgroupsPath, totalmem());
  }

  systemCpuNs(): Promise<number> {
    return readSystemCpuNs();
  }

  /** Container ids that have a cgroup under our parent in any hierarchy. */
  async listContainerCgroups(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const root of new Set(this.layout.controllers.values())) {
      try {
        for (const e of await readdir(join(root, this.parent), { withFileTypes: true })) if (e.isDirectory()) ids.add(e.name);
      } catch { /* no parent yet in this hierarchy */ }
    }
    return ids;
  }

  /** Removes a container's (empty) cgroups from every hierarchy; a cgroup with tasks stays. */
  async removeContainerCgroup(id: string): Promise<void> {
    for (const root of new Set(this.layout.controllers.values())) {
      await rmdir(join(root, this.parent, id)).catch(() => undefined);
    }
  }
}
