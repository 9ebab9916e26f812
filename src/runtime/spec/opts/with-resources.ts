import type { Resources } from '../../../core/container.js';
import type { LinuxCpu, LinuxMemory, LinuxResources } from '../runtime-spec.js';
import type { SpecOpt } from '../spec-opt.js';

/** The CFS period Docker pairs with `--cpus`: 100ms. */
export const NANO_CPUS_PERIOD = 100_000;

function memoryOf(r: Resources, swapLimit: boolean): LinuxMemory | undefined {
  const m: LinuxMemory = {};
  const limit = r.memory ?? 0;
  if (limit > 0) m.limit = limit;
  if ((r.memoryReservation ?? 0) > 0) m.reservation = r.memoryReservation!;
  const swap = r.memorySwap ?? 0;
  // Docker defaults memory+swap to twice the limit at create; -1 lifts the swap limit.
  // Without kernel support Docker drops the swap limit (with a warning).
  if (swapLimit && swap > 0) m.swap = swap;
  else if (swapLimit && limit > 0) m.swap = swap === -1 ? -1 : limit * 2;
  if (r.oomKillDisable) m.disableOOMKiller = true;
  return Object.keys(m).length ? m : undefined;
}

function cpuOf(r: Resources): LinuxCpu | undefined {
  const c: LinuxCpu = {};
  if ((r.cpuShares ?? 0) > 0) c.shares = r.cpuShares!;
  if (r.cpusetCpus) c.cpus = r.cpusetCpus;
  if (r.cpusetMems) c.mems = r.cpusetMems;
  if ((r.nanoCpus ?? 0) > 0) {
    c.period = NANO_CPUS_PERIOD;
    c.quota = Math.floor((r.nanoCpus! * NANO_CPUS_PERIOD) / 1e9);
  }
  if (r.cpuPeriod) c.period = r.cpuPeriod;
  if (r.cpuQuota) c.quota = r.cpuQuota;
  return Object.keys(c).length ? c : undefined;
}

/**
 * cgroup limits as Docker maps HostConfig.Resources (values are validated at create by
 * validateResources). A negative pids limit means unlimited (-1); 0 means unset.
 */
export const withResources: SpecOpt = (spec, { host, cgroupsPath, hostFacts }) => {
  const r = host.resources;
  const res: LinuxResources = spec.linux.resources;
  const memory = memoryOf(r, hostFacts.swapLimit !== false);
  const cpu = cpuOf(r);
  if (memory) res.memory = memory;
  if (cpu) res.cpu = cpu;
  const pids = r.pidsLimit ?? 0;
  if (pids !== 0) res.pids = { limit: pids < 0 ? -1 : pids };
  if ((r.blkioWeight ?? 0) > 0) res.blockIO = { weight: r.blkioWeight! };
  spec.linux.cgroupsPath = cgroupsPath;
};
