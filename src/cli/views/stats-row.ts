import type { ContainerStats } from '../../client/types/container-types.js';
import { bytesSize, humanSize } from '../units/human-size.js';
import { truncateId } from './image-reference.js';
import { TableHeader } from './table-header.js';

export const STATS_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

export const statsHeader = new TableHeader({
  Container: 'CONTAINER', ID: 'CONTAINER ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %',
  NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
});

/** The numbers docker derives from one stats sample (cli/command/container/stats_helpers.go). */
export interface StatsFigures {
  cpuPercent: number;
  memory: number;
  memoryLimit: number;
  memoryPercent: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export function statsFigures(s: ContainerStats): StatsFigures {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const online = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 0;
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
  const mem = s.memory_stats ?? {};
  const usage = mem.usage ?? 0;
  // Page cache is not the container's working set: cgroup v1 reports it as total_inactive_file, v2 as inactive_file.
  const inactive = mem.stats?.['total_inactive_file'] ?? mem.stats?.['inactive_file'];
  const memory = inactive !== undefined && inactive < usage ? usage - inactive : usage;
  const memoryLimit = mem.limit ?? 0;
  let networkRx = 0;
  let networkTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    networkRx += n.rx_bytes;
    networkTx += n.tx_bytes;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') blockRead += e.value;
    else if (op === 'write') blockWrite += e.value;
  }
  return {
    cpuPercent, memory, memoryLimit, memoryPercent: memoryLimit !== 0 ? (memory / memoryLimit) * 100 : 0,
    networkRx, networkTx, blockRead, blockWrite, pids: s.pids_stats?.current ?? 0,
  };
}

/** A `stats` row as docker's statsContext. */
export class StatsRow {
  constructor(readonly Container: string, private readonly id: string, private readonly name: string,
    private readonly f: StatsFigures, private readonly trunc: boolean) {}

  get ID(): string {
    return this.trunc ? truncateId(this.id) : this.id;
  }

  get Name(): string {
    return this.name.replace(/^\//, '') || '--';
  }

  get CPUPerc(): string {
    return `${this.f.cpuPercent.toFixed(2)}%`;
  }

  get MemUsage(): string {
    return `${bytesSize(this.f.memory)} / ${bytesSize(this.f.memoryLimit)}`;
  }

  get MemPerc(): string {
    return `${this.f.memoryPercent.toFixed(2)}%`;
  }

  get NetIO(): string {
    return `${humanSize(this.f.networkRx, 3)} / ${humanSize(this.f.networkTx, 3)}`;
  }

  get BlockIO(): string {
    return `${humanSize(this.f.blockRead, 3)} / ${humanSize(this.f.blockWrite, 3)}`;
  }

  get PIDs(): string {
    return String(this.f.pids);
  }

  toJSON(): Record<string, string> {
    const keys = ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}
