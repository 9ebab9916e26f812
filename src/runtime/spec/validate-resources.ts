import type { Resources } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';

/** Docker's floor for a memory limit or reservation. */
export const MIN_MEMORY = 6 * 1024 * 1024;

export interface ResourceLimitsContext {
  /** CPUs the daemon may use (Go's runtime.NumCPU: the affinity mask), e.g. os.availableParallelism(). */
  cpuCount: number;
  /** `docker update` may set a swap limit without a memory limit; create may not. */
  update?: boolean;
}

/**
 * Rejects impossible resource settings with dockerd's own messages
 * (verifyPlatformContainerResources). The docker CLI has already turned `--memory 1g`
 * and `--cpus 1.5` into numbers; this checks the numbers.
 */
export function validateResources(r: Resources, ctx: ResourceLimitsContext): void {
  const memory = r.memory ?? 0;
  const swap = r.memorySwap ?? 0;
  const reservation = r.memoryReservation ?? 0;
  const nanoCpus = r.nanoCpus ?? 0;
  const period = r.cpuPeriod ?? 0;
  const quota = r.cpuQuota ?? 0;

  if (memory !== 0 && memory < MIN_MEMORY) throw invalidArgument('Minimum memory limit allowed is 6MB');
  if (swap < -1) throw invalidArgument(`invalid memory swap limit ${swap}: use -1 for unlimited`);
  if (memory > 0 && swap > 0 && swap < memory) {
    throw invalidArgument('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (memory === 0 && swap > 0 && !ctx.update) {
    throw invalidArgument('You should always set the Memory limit when using Memoryswap limit, see usage');
  }
  if (reservation < 0 || (reservation > 0 && reservation < MIN_MEMORY)) {
    throw invalidArgument('Minimum memory reservation allowed is 6MB');
  }
  if (memory > 0 && reservation > 0 && memory < reservation) {
    throw invalidArgument('Minimum memory limit can not be less than memory reservation limit, see usage');
  }

  if (nanoCpus > 0 && period > 0) throw invalidArgument('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nanoCpus > 0 && quota > 0) throw invalidArgument('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  if (nanoCpus !== 0 && (nanoCpus < 0 || nanoCpus > ctx.cpuCount * 1e9)) {
    const n = ctx.cpuCount;
    // dockerd 28 words it in lower case ("range of CPUs ..."); kept verbatim for compat tables.
    throw invalidArgument(`range of CPUs is from 0.01 to ${n}.00, as there are only ${n} CPUs available`);
  }
  if ((r.cpuShares ?? 0) < 0) {
    throw invalidArgument(`invalid CPU shares (${r.cpuShares}): value must be a positive integer`);
  }
  if (period !== 0 && (period < 1000 || period > 1_000_000)) {
    throw invalidArgument('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  }
  if (quota > 0 && quota < 1000) throw invalidArgument('CPU cfs quota can not be less than 1ms (i.e. 1000)');

  checkCpuset(r.cpusetCpus, ctx.cpuCount, 'cpus', 'CPUs');
  checkCpuset(r.cpusetMems, undefined, 'mems', 'memory nodes');

  const weight = r.blkioWeight ?? 0;
  if (weight !== 0 && (weight < 10 || weight > 1000)) throw invalidArgument('Range of blkio weight is from 10 to 1000');
}

/** Parses a cpuset list such as `0-2,5`; returns the ids or undefined when malformed. */
export function parseCpuset(list: string): number[] | undefined {
  const ids: number[] = [];
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 65536) return undefined;
    for (let i = lo; i <= hi; i++) ids.push(i);
  }
  return ids;
}

function checkCpuset(list: string | undefined, count: number | undefined, what: string, plural: string): void {
  if (list === undefined || list === '') return;
  const ids = parseCpuset(list);
  if (ids === undefined) throw invalidArgument(`Invalid value ${list} for cpuset ${what}`);
  if (count !== undefined && ids.some((i) => i >= count)) {
    const available = count === 1 ? '0' : `0-${count - 1}`;
    throw invalidArgument(`Requested ${plural} are not available - requested ${list}, available: ${available}`);
  }
}
