import type { ContainerRecord, HostSettings } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';
import { networkSettingsJson, networksJson, portBindingsJson, summaryPortsJson } from './container-network-json.js';
import { humanDuration } from './human-duration.js';

/** The networks a container's JSON names (empty in engines without networking). */
export interface NetworkView {
  find(id: string): NetworkRecord | undefined;
  all(): NetworkRecord[];
}
const NO_NETWORKS: NetworkView = { find: () => undefined, all: () => [] };

/** Docker's State.Status strings are ours, with `restarting` shown while a restart is pending. */
export function statusText(rec: ContainerRecord, now = Date.now()): string {
  const s = rec.state;
  switch (s.status) {
    case 'created': return 'Created';
    case 'running': return `Up ${humanDuration(now - Date.parse(s.startedAt))}${healthSuffix(rec)}`;
    case 'paused': return `Up ${humanDuration(now - Date.parse(s.startedAt))} (Paused)`;
    case 'restarting': return `Restarting (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
    case 'removing': return 'Removal In Progress';
    case 'dead': return 'Dead';
    case 'exited': return `Exited (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
  }
}

/** Docker's ` (healthy)`, ` (unhealthy)`, ` (health: starting)` after the uptime. */
function healthSuffix(rec: ContainerRecord): string {
  const h = rec.state.health;
  if (!h || !rec.config.healthcheck || rec.config.healthcheck.test[0] === 'NONE') return '';
  return h.status === 'starting' ? ' (health: starting)' : ` (${h.status})`;
}

/** Docker's list Command: the path, then the args, those with a space in single quotes (no escaping). */
function command(rec: ContainerRecord): string {
  const [path = '', ...args] = [...rec.config.entrypoint, ...rec.config.cmd];
  return [path, ...args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
}

/** GET /containers/json items. */
export function toContainerSummary(rec: ContainerRecord, nets: NetworkView = NO_NETWORKS): Record<string, unknown> {
  return {
    Id: rec.id,
    Names: [`/${rec.name}`],
    Image: rec.config.image,
    ImageID: rec.config.imageId,
    Command: command(rec),
    Created: Math.floor(Date.parse(rec.created) / 1000),
    Ports: summaryPortsJson(rec),
    Labels: rec.config.labels,
    State: rec.state.status,
    Status: statusText(rec),
    HostConfig: { NetworkMode: rec.host.networkMode },
    NetworkSettings: { Networks: networksJson(rec, (id) => nets.find(id), nets.all()) },
    Mounts: mountPoints(rec),
  };
}

function mountPoints(rec: ContainerRecord): Array<Record<string, unknown>> {
  return rec.host.mounts.map((m) => ({
    Type: m.type,
    ...(m.type === 'volume' ? { Name: m.volumeName ?? '' } : {}),
    Source: m.source, Destination: m.target,
    ...(m.type === 'volume' ? { Driver: 'local' } : {}),
    Mode: m.readOnly ? 'ro' : '', RW: !m.readOnly,
    Propagation: m.options.find((o) => /^r?(private|shared|slave)$/.test(o)) ?? (m.type === 'bind' ? 'rprivate' : ''),
  }));
}

/** GET /containers/{id}/json. */
export function toContainerInspect(rec: ContainerRecord, extra: { execIds: string[]; sizeRw?: number; sizeRootFs?: number },
  nets: NetworkView = NO_NETWORKS): Record<string, unknown> {
  const s = rec.state;
  const dir = rec.logPath.slice(0, rec.logPath.lastIndexOf('/'));
  const overlay = rec.rootfsMounts.find((m) => m.type === 'overlay');
  const opt = (k: string) => overlay?.options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
  return {
    Id: rec.id,
    Created: rec.created,
    Path: [...rec.config.entrypoint, ...rec.config.cmd][0] ?? '',
    Args: [...rec.config.entrypoint, ...rec.config.cmd].slice(1),
    State: {
      Status: s.status === 'removing' ? 'removing' : s.status,
      Running: s.status === 'running' || s.status === 'paused',
      Paused: s.status === 'paused',
      Restarting: s.status === 'restarting',
      OOMKilled: s.oomKilled,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
      ...(s.health && rec.config.healthcheck ? { Health: {
        Status: s.health.status, FailingStreak: s.health.failingStreak,
        Log: s.health.log.map((l) => ({ Start: l.start, End: l.end, ExitCode: l.exitCode, Output: l.output })),
      } } : {}),
    },
    Image: rec.config.imageId,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: rec.logPath,
    Name: `/${rec.name}`,
    RestartCount: s.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: extra.execIds.length ? extra.execIds : null,
    HostConfig: toHostConfig(rec.host),
    GraphDriver: {
      Name: 'overlay2',
      Data: overlay ? { LowerDir: opt('lowerdir'), UpperDir: opt('upperdir'), WorkDir: opt('workdir'), MergedDir: rec.rootfsPath } : {},
    },
    ...(extra.sizeRw !== undefined ? { SizeRw: extra.sizeRw, SizeRootFs: extra.sizeRootFs ?? 0 } : {}),
    Mounts: mountPoints(rec),
    Config: {
      Hostname: rec.config.hostname || rec.id.slice(0, 12),
      Domainname: rec.config.domainname,
      User: rec.config.user,
      AttachStdin: rec.config.attachStdin,
      AttachStdout: rec.config.attachStdout,
      AttachStderr: rec.config.attachStderr,
      ...(rec.config.exposedPorts.length ? { ExposedPorts: Object.fromEntries(rec.config.exposedPorts.map((p) => [p, {}])) } : {}),
      Tty: rec.config.tty,
      OpenStdin: rec.config.openStdin,
      StdinOnce: rec.config.stdinOnce,
      Env: rec.config.env,
      Cmd: rec.config.cmd.length ? rec.config.cmd : null,
      Image: rec.config.image,
      Volumes: rec.config.volumes.length ? Object.fromEntries(rec.config.volumes.map((v) => [v, {}])) : null,
      WorkingDir: rec.config.workingDir,
      Entrypoint: rec.config.entrypoint.length ? rec.config.entrypoint : null,
      OnBuild: null,
      Labels: rec.config.labels,
      StopSignal: rec.config.stopSignal,
      ...(rec.config.stopTimeout !== undefined ? { StopTimeout: rec.config.stopTimeout } : {}),
      ...(rec.config.healthcheck ? { Healthcheck: {
        Test: rec.config.healthcheck.test,
        ...(rec.config.healthcheck.intervalNs ? { Interval: rec.config.healthcheck.intervalNs } : {}),
        ...(rec.config.healthcheck.timeoutNs ? { Timeout: rec.config.healthcheck.timeoutNs } : {}),
        ...(rec.config.healthcheck.startPeriodNs ? { StartPeriod: rec.config.healthcheck.startPeriodNs } : {}),
        ...(rec.config.healthcheck.startIntervalNs ? { StartInterval: rec.config.healthcheck.startIntervalNs } : {}),
        ...(rec.config.healthcheck.retries ? { Retries: rec.config.healthcheck.retries } : {}),
      } } : {}),
    },
    NetworkSettings: networkSettingsJson(rec, (id) => nets.find(id), nets.all()),
  };
}

function toHostConfig(h: HostSettings): Record<string, unknown> {
  const r = h.resources;
  return {
    Binds: h.mounts.filter((m) => m.type === 'bind').map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
    ContainerIDFile: '',
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: h.networkMode,
    PortBindings: portBindingsJson(h),
    RestartPolicy: { Name: h.restartPolicy.name, MaximumRetryCount: h.restartPolicy.maximumRetryCount },
    AutoRemove: h.autoRemove,
    VolumeDriver: '',
    VolumesFrom: h.volumesFrom?.length ? h.volumesFrom : null,
    ConsoleSize: h.consoleSize ?? [0, 0],
    CapAdd: h.capAdd.length ? h.capAdd : null,
    CapDrop: h.capDrop.length ? h.capDrop : null,
    CgroupnsMode: 'private',
    Dns: h.dns,
    DnsOptions: h.dnsOptions ?? [],
    DnsSearch: h.dnsSearch ?? [],
    ExtraHosts: h.extraHosts.length ? h.extraHosts : null,
    GroupAdd: h.groupAdd.length ? h.groupAdd : null,
    IpcMode: h.ipcMode || 'private',
    Cgroup: '',
    Links: null,
    OomScoreAdj: h.oomScoreAdj,
    PidMode: h.pidMode ?? '',
    Privileged: h.privileged,
    PublishAllPorts: h.publishAllPorts ?? false,
    ReadonlyRootfs: h.readonlyRootfs,
    SecurityOpt: h.securityOpt.length ? h.securityOpt : null,
    Tmpfs: Object.keys(h.tmpfs).length ? h.tmpfs : undefined,
    UTSMode: h.utsMode ?? '',
    UsernsMode: '',
    ShmSize: h.shmSize,
    Sysctls: Object.keys(h.sysctls).length ? h.sysctls : undefined,
    Runtime: h.runtime,
    Isolation: '',
    CpuShares: r.cpuShares ?? 0,
    Memory: r.memory ?? 0,
    NanoCpus: r.nanoCpus ?? 0,
    CgroupParent: '',
    BlkioWeight: r.blkioWeight ?? 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: r.cpuPeriod ?? 0,
    CpuQuota: r.cpuQuota ?? 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: r.cpusetCpus ?? '',
    CpusetMems: r.cpusetMems ?? '',
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: r.memoryReservation ?? 0,
    MemorySwap: r.memorySwap ?? 0,
    MemorySwappiness: null,
    OomKillDisable: r.oomKillDisable ?? false,
    PidsLimit: r.pidsLimit ?? null,
    Ulimits: r.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })) ?? [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    Mounts: h.mounts.map((m) => ({ Type: m.type, Source: m.type === 'volume' ? (m.volumeName ?? '') : m.source, Target: m.target, ReadOnly: m.readOnly })),
    MaskedPaths: null,
    ReadonlyPaths: null,
    Init: h.init,
  };
}
