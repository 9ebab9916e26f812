import type { EngineEvent, EventBus } from '../../engine/events/event-bus.js';
import type { SystemService } from '../../engine/system/system-service.js';
import { API_VERSION, MIN_API_VERSION } from '../api-server.js';
import { type ApiHandler, json } from '../api-types.js';
import { parseTime } from './container-handlers.js';
import { checkFilterKeys, parseFilters } from '../request-parsing.js';
import type { Router } from '../router.js';
import { arch } from 'node:os';
import { labelMatches } from '../../core/label-match.js';

const GO_ARCH = arch() === 'x64' ? 'amd64' : arch();

export function addSystemRoutes(router: Router<ApiHandler>, system: SystemService, events: EventBus): void {
  const ping: ApiHandler = async () => ({
    kind: 'text', status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8',
    headers: { 'Builder-Version': '1', 'Swarm': 'inactive' },
  });
  router.add('GET', '/_ping', ping);
  router.add('HEAD', '/_ping', ping);

  router.add('GET', '/version', async () => {
    const f = system.facts;
    const info = await system.info();
    return json({
      Platform: { Name: 'berth' },
      Components: [
        { Name: 'Engine', Version: f.version, Details: { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: GO_ARCH, KernelVersion: info.kernel } },
        ...Object.entries(f.runtimes).map(([name, r]) => ({ Name: name, Version: r.version, Details: { Path: r.path } })),
      ],
      Version: f.version,
      ApiVersion: API_VERSION,
      MinAPIVersion: MIN_API_VERSION,
      GitCommit: '',
      GoVersion: `node${process.versions.node}`,
      Os: 'linux',
      Arch: GO_ARCH,
      KernelVersion: info.kernel,
      BuildTime: '',
    });
  });

  router.add('GET', '/info', async () => {
    const i = await system.info();
    const f = i.facts;
    return json({
      ID: '', Containers: i.containers.total, ContainersRunning: i.containers.running, ContainersPaused: i.containers.paused,
      ContainersStopped: i.containers.stopped, Images: i.images, Driver: 'overlay2',
      DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'], ['Native Overlay Diff', 'true']],
      Plugins: { Volume: ['local'], Network: ['null', 'host'], Authorization: null, Log: ['json-file'] },
      MemoryLimit: true, SwapLimit: true, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true, PidsLimit: true,
      IPv4Forwarding: false, Debug: false, NFd: 0, OomKillDisable: f.cgroupVersion === 1, NGoroutines: 0,
      SystemTime: i.systemTime, LoggingDriver: 'json-file', CgroupDriver: 'cgroupfs', CgroupVersion: String(f.cgroupVersion),
      NEventsListener: 0, KernelVersion: i.kernel, OperatingSystem: i.os, OSVersion: i.osVersion, OSType: 'linux',
      Architecture: i.arch, IndexServerAddress: 'https://index.docker.io/v1/', RegistryConfig: null, NCPU: i.cpus,
      MemTotal: i.memTotal, GenericResources: null, DockerRootDir: f.dataRoot, HttpProxy: '', HttpsProxy: '', NoProxy: '',
      Name: i.hostname, Labels: [], ExperimentalBuild: false, ServerVersion: f.version,
      Runtimes: Object.fromEntries(Object.entries(f.runtimes).map(([n, r]) => [n, { path: r.path }])),
      DefaultRuntime: f.defaultRuntime, Swarm: { LocalNodeState: 'inactive', NodeID: '', NodeAddr: '', ControlAvailable: false, Error: '', RemoteManagers: null },
      LiveRestoreEnabled: true, Isolation: '', InitBinary: 'docker-init',
      ContainerdCommit: { ID: '' }, RuncCommit: { ID: '' }, InitCommit: { ID: '' },
      SecurityOptions: f.securityOptions, Warnings: f.cgroupHybrid ? ['WARNING: cgroup v1/v2 hybrid layout: containers use the v1 controllers'] : [],
    });
  });

  router.add('GET', '/events', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    checkFilterKeys(filters, ['container', 'event', 'image', 'label', 'type', 'daemon', 'network', 'volume', 'plugin', 'node', 'service', 'secret', 'config', 'scope']);
    const since = parseTime(req.query.get('since'));
    const until = parseTime(req.query.get('until'));
    const toNano = (s: number) => BigInt(Math.floor(s * 1e9));
    const stream = events.subscribe({
      ...(since !== undefined ? { since: toNano(since) } : {}),
      ...(until !== undefined ? { until: toNano(until) } : {}),
      match: eventMatcher(filters),
    }, req.signal);
    return {
      kind: 'stream', status: 200, contentType: 'application/json',
      body: (async function* () {
        for await (const e of stream) yield JSON.stringify(toDockerEvent(e)) + '\n';
      })(),
    };
  });
}

function eventMatcher(filters: Map<string, string[]>): (e: EngineEvent) => boolean {
  const any = (key: string, f: (v: string) => boolean) => { const vals = filters.get(key); return !vals || vals.length === 0 || vals.some(f); };
  return (e) =>
    any('type', (v) => v === e.type) &&
    any('event', (v) => e.action === v || e.action.startsWith(`${v}:`)) &&
    any('container', (v) => e.type === 'container' && (e.id.startsWith(v) || e.attributes.name === v)) &&
    any('image', (v) => e.attributes.image === v || (e.type === 'image' && (e.id === v || e.id.startsWith(v)))) &&
    (filters.get('label') ?? []).every((l) => labelMatches(e.attributes, l));
}

function toDockerEvent(e: EngineEvent): Record<string, unknown> {
  const time = Number(e.timeNano / 1_000_000_000n);
  return {
    status: e.action, id: e.id, from: e.attributes.image ?? '',
    Type: e.type, Action: e.action, Actor: { ID: e.id, Attributes: e.attributes },
    scope: 'local', time, timeNano: Number(e.timeNano),
  };
}
