import { readFileSync } from 'node:fs';
import { availableParallelism, arch, hostname, release, totalmem } from 'node:os';
import type { ContainerRecord } from '../../core/container.js';

export interface SystemFacts {
  version: string;
  dataRoot: string;
  execRoot: string;
  cgroupVersion: 1 | 2;
  cgroupHybrid: boolean;
  defaultRuntime: string;
  runtimes: Record<string, { path: string; version: string }>;
  securityOptions: string[];
}

export interface SystemInfo {
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
  facts: SystemFacts;
  kernel: string;
  os: string;
  osVersion: string;
  arch: string;
  cpus: number;
  memTotal: number;
  hostname: string;
  systemTime: string;
}

/** What `docker info` and `docker version` report, from real figures of this host and store. */
export class SystemService {
  private readonly osRelease = readOsRelease();

  constructor(private readonly deps: { facts: SystemFacts; containers: () => ContainerRecord[]; imageCount: () => Promise<number> }) {}

  get facts(): SystemFacts {
    return this.deps.facts;
  }

  async info(): Promise<SystemInfo> {
    const all = this.deps.containers();
    const running = all.filter((c) => c.state.status === 'running' || c.state.status === 'restarting').length;
    const paused = all.filter((c) => c.state.status === 'paused').length;
    return {
      containers: { total: all.length, running, paused, stopped: all.length - running - paused },
      images: await this.deps.imageCount(),
      facts: this.deps.facts,
      kernel: release(),
      os: this.osRelease.PRETTY_NAME ?? 'Linux',
      osVersion: this.osRelease.VERSION_ID ?? '',
      arch: arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch(),
      cpus: availableParallelism(),
      memTotal: totalmem(),
      hostname: hostname(),
      systemTime: new Date().toISOString(),
    };
  }
}

function readOsRelease(): Record<string, string> {
  try {
    const out: Record<string, string> = {};
    for (const line of readFileSync('/etc/os-release', 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=("?)(.*)\2$/.exec(line);
      if (m) out[m[1]!] = m[3]!;
    }
    return out;
  } catch {
    return {};
  }
}
