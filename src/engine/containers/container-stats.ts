import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerRecord } from '../../core/container.js';
import type { ContainerContext } from './container-context.js';
import type { InterfaceCounters } from '../../network/network-driver.js';
import type { CgroupUsage } from './ports.js';

export interface StatsSample {
  read: string;
  usage: CgroupUsage;
  systemCpuNs: number;
  onlineCpus: number;
  /** Per interface inside the container; empty without a bridge network. */
  networks: Record<string, InterfaceCounters>;
}

export interface StatsPair {
  rec: ContainerRecord;
  current: StatsSample;
  /** The sample before, for rates (CPU %); undefined for a one-shot reading. */
  previous?: StatsSample;
}

const INTERVAL_MS = 1000;

/**
 * `docker stats`: cgroup counters of a container, once or every second. A container that is
 * not running reads as zeros, as in Docker.
 */
export class ContainerStats {
  constructor(private readonly ctx: ContainerContext) {}

  async *read(ref: string, opts: { stream: boolean; oneShot: boolean; signal: AbortSignal }): AsyncGenerator<StatsPair> {
    const rec = this.ctx.store.get(ref);
    let previous = opts.oneShot ? undefined : await this.sample(rec);
    if (previous && !opts.stream) {
      // A single answer with rates needs two readings; Docker waits a full interval, half is enough.
      await sleep(INTERVAL_MS / 2, undefined, { signal: opts.signal }).catch(() => undefined);
    }
    while (!opts.signal.aborted) {
      const current = await this.sample(rec);
      yield { rec, current, ...(previous ? { previous } : {}) };
      if (!opts.stream) return;
      previous = current;
      await sleep(INTERVAL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
    }
  }

  private async sample(rec: ContainerRecord): Promise<StatsSample> {
    const running = rec.state.status === 'running' || rec.state.status === 'paused';
    const usage = running ? await this.ctx.cgroups.stats(this.ctx.cgroups.pathFor(rec.id)) : ZERO;
    const networks = running && this.ctx.networks ? await this.ctx.networks.counters(rec) : {};
    return { read: new Date().toISOString(), usage, systemCpuNs: await this.ctx.cgroups.systemCpuNs(), onlineCpus: availableParallelism(), networks };
  }
}

const ZERO: CgroupUsage = {
  memoryUsage: 0, memoryLimit: 0, memoryStat: {}, cpuTotalNs: 0, cpuUserNs: 0, cpuSystemNs: 0,
  throttling: { periods: 0, throttledPeriods: 0, throttledTimeNs: 0 }, pidsCurrent: 0, pidsLimit: 0,
};
