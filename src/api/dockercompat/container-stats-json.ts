import type { StatsPair, StatsSample } from '../../engine/containers/container-stats.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function cpuStats(s: StatsSample | undefined): Record<string, unknown> {
  if (!s) return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  const u = s.usage;
  return {
    cpu_usage: { total_usage: u.cpuTotalNs, usage_in_kernelmode: u.cpuSystemNs, usage_in_usermode: u.cpuUserNs },
    system_cpu_usage: s.systemCpuNs,
    online_cpus: s.onlineCpus,
    throttling_data: { periods: u.throttling.periods, throttled_periods: u.throttling.throttledPeriods, throttled_time: u.throttling.throttledTimeNs },
  };
}

/** Docker's stats JSON (GET /containers/{id}/stats), which the CLI turns into CPU %, MEM USAGE / LIMIT, PIDS. */
export function toDockerStats(p: StatsPair): Record<string, unknown> {
  const u = p.current.usage;
  return {
    read: p.current.read,
    preread: p.previous?.read ?? ZERO_TIME,
    pids_stats: { current: u.pidsCurrent, ...(u.pidsLimit ? { limit: u.pidsLimit } : {}) },
    blkio_stats: { io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null,
      io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpuStats(p.current),
    precpu_stats: cpuStats(p.previous),
    ...(Object.keys(p.current.networks).length ? { networks: Object.fromEntries(Object.entries(p.current.networks).map(([name, c]) => [name, {
      rx_bytes: c.rxBytes, rx_packets: c.rxPackets, rx_errors: c.rxErrors, rx_dropped: c.rxDropped,
      tx_bytes: c.txBytes, tx_packets: c.txPackets, tx_errors: c.txErrors, tx_dropped: c.txDropped,
    }])) } : {}),
    memory_stats: p.rec.state.status === 'running' || p.rec.state.status === 'paused' ? { usage: u.memoryUsage, stats: u.memoryStat, limit: u.memoryLimit } : {},
    name: `/${p.rec.name}`,
    id: p.rec.id,
  };
}
