import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContainerCreateRequest, EndpointSettings, HostConfig, MountSpec } from '../../client/types/container-types.js';
import type { ParsedArgs } from '../args/parsed-args.js';
import { normalizeCapability } from './capabilities.js';
import { readKeyValueFile } from './key-value-file.js';
import { parseRestartPolicy } from './restart-policy.js';
import { addExposedPort, addPortSpec, type PortMappings } from './port-spec.js';
import type { UlimitSpec } from './ulimit-spec.js';

export type PullPolicy = 'missing' | 'always' | 'never';

/**
 * Everything `create`/`run` send to the daemon, derived from the command line.
 * Invalid values throw Error with docker's wording (shown as `berth: <message>`).
 */
export interface ContainerOptions {
  body: ContainerCreateRequest;
  name: string | undefined;
  platform: string | undefined;
  pull: PullPolicy;
  quiet: boolean;
  cidfile: string | undefined;
}

/**
 * Builds the `POST /containers/create` body from `create`/`run` arguments the way
 * docker's CLI does (cli/command/container/opts.go): env files before `-e`, label
 * files before `-l`, `-v` split into binds and anonymous volumes, ports expanded,
 * capabilities normalised, seccomp profile files inlined. Fields the user didn't
 * set are left out so the daemon applies its defaults. Throws Error with docker's
 * wording on invalid input.
 */
export function buildContainerOptions(args: ParsedArgs, env: NodeJS.ProcessEnv): ContainerOptions {
  const [image = '', ...cmd] = args.positionals;
  const opt = (name: string) => args.value(name);
  const num = (name: string) => args.value<number>(name);
  const list = (name: string) => args.list(name);

  // Streams: -a picks them; otherwise stdout and stderr, plus stdin with -i.
  const attach = new Set(list('attach'));
  const interactive = args.bool('interactive');
  const attachStdin = attach.has('stdin') || interactive;
  const attachStdout = attach.size === 0 || attach.has('stdout');
  const attachStderr = attach.size === 0 || attach.has('stderr');

  const envList = [
    ...list('env-file').flatMap((f) => readKeyValueFile(f, (k) => env[k])),
    ...list('env').map((e) => (e.includes('=') || env[e] === undefined ? e : `${e}=${env[e]}`)),
  ];
  const labels: Record<string, string> = {};
  for (const line of [...list('label-file').flatMap((f) => readKeyValueFile(f)), ...list('label')]) {
    const eq = line.indexOf('=');
    labels[eq < 0 ? line : line.slice(0, eq)] = eq < 0 ? '' : line.slice(eq + 1);
  }

  const ports: PortMappings = { exposed: {}, bindings: {} };
  for (const spec of list('publish')) addPortSpec(spec, ports);
  for (const spec of list('expose')) addExposedPort(spec, ports);

  const binds: string[] = [];
  const volumes: Record<string, object> = {};
  for (const spec of list('volume')) {
    const colon = spec.indexOf(':');
    if (colon < 0) {
      volumes[spec] = {};
      continue;
    }
    const source = spec.slice(0, colon);
    // Relative host paths are resolved here, as docker does, since the daemon has another cwd.
    binds.push(source.startsWith('.') ? `${path.resolve(source)}${spec.slice(colon)}` : spec);
  }

  const tmpfs: Record<string, string> = {};
  for (const spec of list('tmpfs')) {
    const colon = spec.indexOf(':');
    tmpfs[colon < 0 ? spec : spec.slice(0, colon)] = colon < 0 ? '' : spec.slice(colon + 1);
  }

  const restartText = opt('restart');
  const restart = restartText === undefined ? undefined : parseRestartPolicy(restartText);
  if (args.bool('rm') && restart && restart.Name !== 'no' && restart.Name !== '') {
    throw new Error('conflicting options: cannot specify both --restart and --rm');
  }

  const network = opt('network') ?? 'default';
  const endpoint: EndpointSettings = {};
  const ip = opt('ip');
  const ip6 = opt('ip6');
  const linkLocal = list('link-local-ip');
  if (ip || ip6 || linkLocal.length > 0) {
    endpoint.IPAMConfig = { ...(ip ? { IPv4Address: ip } : {}), ...(ip6 ? { IPv6Address: ip6 } : {}), ...(linkLocal.length > 0 ? { LinkLocalIPs: linkLocal } : {}) };
  }
  if (list('network-alias').length > 0) endpoint.Aliases = list('network-alias');
  if (opt('mac-address')) endpoint.MacAddress = opt('mac-address')!;
  const ownNetworkNamespace = !['none', 'host'].includes(network) && !network.startsWith('container:');

  const host: HostConfig = {
    NetworkMode: network,
    RestartPolicy: restart ?? { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: args.bool('rm'),
  };
  const set = <K extends keyof HostConfig>(key: K, value: HostConfig[K] | undefined) => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)
      && !(typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)) {
      host[key] = value;
    }
  };
  set('Binds', binds);
  set('PortBindings', ports.bindings);
  set('PublishAllPorts', args.bool('publish-all') || undefined);
  set('Links', list('link'));
  set('VolumesFrom', list('volumes-from'));
  set('VolumeDriver', opt('volume-driver'));
  set('Mounts', args.list<MountSpec>('mount'));
  set('Tmpfs', tmpfs);
  set('Privileged', args.bool('privileged') || undefined);
  set('ReadonlyRootfs', args.bool('read-only') || undefined);
  set('CapAdd', list('cap-add').map(normalizeCapability));
  set('CapDrop', list('cap-drop').map(normalizeCapability));
  set('SecurityOpt', list('security-opt').map(securityOpt));
  set('GroupAdd', list('group-add'));
  set('Dns', list('dns'));
  set('DnsOptions', list('dns-option'));
  set('DnsSearch', list('dns-search'));
  set('ExtraHosts', list('add-host'));
  set('Sysctls', keyValues(list('sysctl')));
  set('Annotations', keyValues(list('annotation')));
  set('StorageOpt', keyValues(list('storage-opt')));
  set('Runtime', opt('runtime'));
  set('Init', args.has('init') ? args.bool('init') : undefined);
  set('IpcMode', opt('ipc'));
  set('PidMode', opt('pid'));
  set('UTSMode', opt('uts'));
  set('UsernsMode', opt('userns'));
  set('CgroupnsMode', opt('cgroupns'));
  set('CgroupParent', opt('cgroup-parent'));
  set('Isolation', opt('isolation'));
  set('Devices', args.list<{ PathOnHost: string; PathInContainer: string; CgroupPermissions: string }>('device'));
  set('DeviceCgroupRules', list('device-cgroup-rule'));
  if (opt('log-driver') || list('log-opt').length > 0) host.LogConfig = { Type: opt('log-driver') ?? '', Config: keyValues(list('log-opt')) };
  // Resources
  set('Memory', num('memory'));
  set('MemorySwap', num('memory-swap'));
  set('MemoryReservation', num('memory-reservation'));
  set('MemorySwappiness', num('memory-swappiness'));
  set('NanoCpus', num('cpus'));
  set('CpuShares', num('cpu-shares'));
  set('CpuPeriod', num('cpu-period'));
  set('CpuQuota', num('cpu-quota'));
  set('CpuRealtimePeriod', num('cpu-rt-period'));
  set('CpuRealtimeRuntime', num('cpu-rt-runtime'));
  set('CpusetCpus', opt('cpuset-cpus'));
  set('CpusetMems', opt('cpuset-mems'));
  set('BlkioWeight', num('blkio-weight'));
  set('BlkioWeightDevice', args.list('blkio-weight-device'));
  set('BlkioDeviceReadBps', args.list('device-read-bps'));
  set('BlkioDeviceWriteBps', args.list('device-write-bps'));
  set('BlkioDeviceReadIOps', args.list('device-read-iops'));
  set('BlkioDeviceWriteIOps', args.list('device-write-iops'));
  set('PidsLimit', num('pids-limit'));
  set('OomKillDisable', args.has('oom-kill-disable') ? args.bool('oom-kill-disable') : undefined);
  set('OomScoreAdj', num('oom-score-adj'));
  set('ShmSize', num('shm-size'));
  set('Ulimits', args.list<UlimitSpec>('ulimit'));

  const body: ContainerCreateRequest = {
    Hostname: opt('hostname') ?? '',
    Domainname: opt('domainname') ?? '',
    User: opt('user') ?? '',
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
    Tty: args.bool('tty'),
    OpenStdin: interactive,
    StdinOnce: interactive && attachStdin,
    Env: envList,
    Cmd: cmd.length > 0 ? cmd : null,
    Image: image,
    Volumes: volumes,
    WorkingDir: opt('workdir') ?? '',
    // `--entrypoint ""` resets the image's entrypoint, which docker expresses as [""].
    Entrypoint: opt('entrypoint') ? [opt('entrypoint')!] : args.has('entrypoint') ? [''] : null,
    Labels: labels,
    HostConfig: host,
    NetworkingConfig: { EndpointsConfig: ownNetworkNamespace ? { [network]: endpoint } : {} },
  };
  if (Object.keys(ports.exposed).length > 0) body.ExposedPorts = ports.exposed;
  if (opt('stop-signal')) body.StopSignal = opt('stop-signal')!;
  if (args.has('stop-timeout')) body.StopTimeout = num('stop-timeout')!;
  const health = healthcheck(args);
  if (health) body.Healthcheck = health;

  const pull = opt('pull') ?? 'missing';
  if (pull !== 'missing' && pull !== 'always' && pull !== 'never') {
    throw new Error(`invalid pull option: '${pull}': must be one of "always", "missing" or "never"`);
  }
  return {
    body,
    name: opt('name'),
    platform: opt('platform'),
    pull,
    quiet: args.bool('quiet'),
    cidfile: opt('cidfile'),
  };
}

function keyValues(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Validates a `--security-opt` and inlines a seccomp profile file, as docker's CLI does. */
function securityOpt(opt: string): string {
  let sep = opt.indexOf('=');
  if (sep < 0 && opt !== 'no-new-privileges') sep = opt.indexOf(':');
  if (opt === 'no-new-privileges') return opt;
  if (sep < 0 || sep === opt.length - 1) throw new Error(`Invalid --security-opt: ${JSON.stringify(opt)}`);
  const key = opt.slice(0, sep);
  const value = opt.slice(sep + 1);
  if (key !== 'seccomp' || value === 'unconfined' || value === 'builtin') return opt;
  let profile: string;
  try {
    profile = readFileSync(value, 'utf8');
  } catch (err) {
    throw new Error(`opening seccomp profile (${value}) failed: ${(err as Error).message}`);
  }
  try {
    return `seccomp=${JSON.stringify(JSON.parse(profile))}`;
  } catch (err) {
    throw new Error(`compacting json for seccomp profile (${value}) failed: ${(err as Error).message}`);
  }
}

function healthcheck(args: ParsedArgs): ContainerCreateRequest['Healthcheck'] {
  const cmd = args.value('health-cmd');
  const fields = {
    Interval: args.value<number>('health-interval'),
    Timeout: args.value<number>('health-timeout'),
    StartPeriod: args.value<number>('health-start-period'),
    StartInterval: args.value<number>('health-start-interval'),
    Retries: args.value<number>('health-retries'),
  };
  const haveSettings = !!cmd || Object.values(fields).some((v) => v !== undefined && v !== 0);
  if (args.bool('no-healthcheck')) {
    if (haveSettings) throw new Error('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!haveSettings) return undefined;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value < 0) throw new Error(`--health-${name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())} cannot be negative`);
  }
  const out: NonNullable<ContainerCreateRequest['Healthcheck']> = {};
  if (cmd) out.Test = ['CMD-SHELL', cmd];
  for (const [name, value] of Object.entries(fields)) if (value) (out as Record<string, unknown>)[name] = value;
  return out;
}
