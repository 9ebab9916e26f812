import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupLayout } from './cgroup-layout.js';

/** Resource usage of one cgroup, in plain units (bytes, nanoseconds, counts). */
export interface CgroupStats {
  memoryUsage: number;
  memoryLimit: number;
  /** Page cache Docker's CLI subtracts from usage (v1 `total_inactive_file`/`cache`, v2 `inactive_file`). */
  memoryStat: Record<string, number>;
  cpuTotalNs: number;
  cpuUserNs: number;
  cpuSystemNs: number;
  throttling: { periods: number; throttledPeriods: number; throttledTimeNs: number };
  pidsCurrent: number;
  pidsLimit: number;
}

const USER_HZ = 100;

/** Reads a cgroup's counters from cgroupfs, v1 or v2; a missing file reads as 0. */
export async function readCgroupStats(layout: CgroupLayout, cgroupsPath: string, hostMemory: number): Promise<CgroupStats> {
  const dir = (controller: string) => join(layout.controllers.get(controller) ?? '/nonexistent', cgroupsPath);
  const text = (controller: string, file: string) => readFile(join(dir(controller), file), 'utf8').catch(() => '');
  const num = async (controller: string, file: string, unlimited: number) => {
    const t = (await text(controller, file)).trim();
    if (t === '' ) return 0;
    if (t === 'max') return unlimited;
    const n = Number(t);
    return Number.isFinite(n) ? n : 0;
  };
  const kv = async (controller: string, file: string) => {
    const out: Record<string, number> = {};
    for (const line of (await text(controller, file)).split('\n')) {
      const [k, v] = line.split(' ');
      if (k && v !== undefined) out[k] = Number(v);
    }
    return out;
  };
  const pidsCurrent = await num('pids', 'pids.current', 0);
  const pidsLimit = await num('pids', 'pids.max', 0);
  if (layout.version === 2) {
    const cpu = await kv('cpu', 'cpu.stat');
    const limit = await num('memory', 'memory.max', hostMemory);
    return {
      memoryUsage: await num('memory', 'memory.current', 0),
      memoryLimit: limit > hostMemory ? hostMemory : limit,
      memoryStat: await kv('memory', 'memory.stat'),
      cpuTotalNs: (cpu.usage_usec ?? 0) * 1000,
      cpuUserNs: (cpu.user_usec ?? 0) * 1000,
      cpuSystemNs: (cpu.system_usec ?? 0) * 1000,
      throttling: { periods: cpu.nr_periods ?? 0, throttledPeriods: cpu.nr_throttled ?? 0, throttledTimeNs: (cpu.throttled_usec ?? 0) * 1000 },
      pidsCurrent, pidsLimit,
    };
  }
  const acct = await kv('cpuacct', 'cpuacct.stat');
  const throttle = await kv('cpu', 'cpu.stat');
  const limit = await num('memory', 'memory.limit_in_bytes', hostMemory);
  return {
    memoryUsage: await num('memory', 'memory.usage_in_bytes', 0),
    // v1 reports "no limit" as a huge page-aligned number: show the host's memory, as Docker does.
    memoryLimit: limit > hostMemory ? hostMemory : limit,
    memoryStat: await kv('memory', 'memory.stat'),
    cpuTotalNs: await num('cpuacct', 'cpuacct.usage', 0),
    cpuUserNs: ((acct.user ?? 0) * 1e9) / USER_HZ,
    cpuSystemNs: ((acct.system ?? 0) * 1e9) / USER_HZ,
    throttling: { periods: throttle.nr_periods ?? 0, throttledPeriods: throttle.nr_throttled ?? 0, throttledTimeNs: throttle.throttled_time ?? 0 },
    pidsCurrent, pidsLimit,
  };
}

/** The host's total CPU time in nanoseconds (first line of /proc/stat), Docker's system_cpu_usage. */
export async function readSystemCpuNs(): Promise<number> {
  const first = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  const ticks = first.trim().split(/\s+/).slice(1, 8).reduce((a, b) => a + Number(b), 0);
  return (ticks * 1e9) / USER_HZ;
}
