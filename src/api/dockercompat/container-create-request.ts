import type { HealthcheckConfig, HostSettings, RestartPolicyName, UserMount } from '../../core/container.js';
import { EngineError, invalidArgument } from '../../core/engine-error.js';
import type { CreateRequest } from '../../engine/containers/create-request.js';
import { JsonFields } from './json-fields.js';
import { toEndpointRequests, toPortBindings } from './network-create-fields.js';

const RESTART_POLICIES: readonly string[] = ['', 'no', 'always', 'unless-stopped', 'on-failure'];

/** Docker's `POST /containers/create` body (Config with an embedded HostConfig) -> CreateRequest. */
export function toCreateRequest(body: Record<string, unknown>, name: string | null): CreateRequest {
  const c = JsonFields.of(body, 'Config');
  const image = c.str('Image');
  if (!image) throw invalidArgument('Config.Image: an image is required');
  const h = c.sub('HostConfig');
  const config: CreateRequest['config'] = { image };
  const set = <K extends keyof CreateRequest['config']>(k: K, v: CreateRequest['config'][K] | undefined) => { if (v !== undefined) config[k] = v; };
  set('hostname', c.str('Hostname'));
  set('domainname', c.str('Domainname'));
  set('user', c.str('User'));
  set('attachStdin', c.bool('AttachStdin'));
  set('attachStdout', c.bool('AttachStdout'));
  set('attachStderr', c.bool('AttachStderr'));
  set('tty', c.bool('Tty'));
  set('openStdin', c.bool('OpenStdin'));
  set('stdinOnce', c.bool('StdinOnce'));
  set('env', c.strArray('Env'));
  set('cmd', c.strSlice('Cmd'));
  set('entrypoint', c.strSlice('Entrypoint'));
  set('workingDir', c.str('WorkingDir'));
  set('labels', c.strMap('Labels'));
  set('stopSignal', c.str('StopSignal'));
  set('stopTimeout', c.int('StopTimeout'));
  set('exposedPorts', c.keySet('ExposedPorts'));
  set('volumes', c.keySet('Volumes'));
  set('healthcheck', c.has('Healthcheck') ? toHealthcheck(c.sub('Healthcheck')) : undefined);
  if (config.hostname !== undefined && config.hostname.length > 63) throw invalidArgument(`invalid hostname format: ${config.hostname}`);
  if (config.workingDir && !config.workingDir.startsWith('/')) {
    throw invalidArgument(`the working directory '${config.workingDir}' is invalid, it needs to be an absolute path`);
  }
  const host = toHostSettings(h);
  if (host.utsMode === 'host' && config.hostname) throw invalidArgument('Conflicting options: hostname and the UTS mode');
  const mode = host.networkMode ?? 'default';
  const netConfig = JsonFields.of(body['NetworkingConfig'], 'NetworkingConfig');
  const endpoints = toEndpointRequests(netConfig.raw('EndpointsConfig'), mode === 'default' ? 'bridge' : mode, c.str('MacAddress') ?? '');
  const links = h.strArray('Links') ?? [];
  if (links.length) {
    // `--link name[:alias]` belongs to the default bridge endpoint.
    const primary = endpoints.find((e) => e.network === 'bridge' || e.network === 'default' || e.network === mode);
    if (primary) primary.links = [...primary.links, ...links];
    else endpoints.unshift({ network: mode === 'default' ? 'bridge' : mode, aliases: [], ipv4Address: '', macAddress: '', links });
  }
  return { ...(name ? { name } : {}), config, host, ...(endpoints.length ? { endpoints } : {}) };
}

/** Config.Healthcheck; durations are 0 (inherit) or at least 1 ms, as Docker checks. */
function toHealthcheck(h: JsonFields): HealthcheckConfig {
  const test = h.strArray('Test') ?? [];
  if (test.length && !['NONE', 'CMD', 'CMD-SHELL'].includes(test[0]!)) throw invalidArgument(`invalid Healthcheck.Test: the first element must be NONE, CMD or CMD-SHELL, got ${JSON.stringify(test[0])}`);
  const ns = (k: string) => {
    const v = h.int(k) ?? 0;
    if (v !== 0 && v < 1_000_000) throw invalidArgument(`Healthcheck.${k} in HealthConfig cannot be less than 1ms`);
    return v;
  };
  const retries = h.int('Retries') ?? 0;
  if (retries < 0) throw invalidArgument('Healthcheck.Retries in HealthConfig cannot be negative');
  return { test, intervalNs: ns('Interval'), timeoutNs: ns('Timeout'), startPeriodNs: ns('StartPeriod'), startIntervalNs: ns('StartInterval'), retries };
}

/** Docker's namespace mode values: empty, one of `allowed`, or `container:<name>` where sharing is possible. */
function namespaceMode(v: string | undefined, what: string, allowed: string[], container: boolean): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (allowed.includes(v) || (container && /^container:.+/.test(v))) return v;
  throw invalidArgument(`invalid ${what} mode: ${v}`);
}

function toHostSettings(h: JsonFields): Partial<HostSettings> {
  const host: Partial<HostSettings> = {};
  const set = <K extends keyof HostSettings>(k: K, v: HostSettings[K] | undefined) => { if (v !== undefined) host[k] = v; };
  set('autoRemove', h.bool('AutoRemove'));
  set('privileged', h.bool('Privileged'));
  set('readonlyRootfs', h.bool('ReadonlyRootfs'));
  set('capAdd', h.strArray('CapAdd'));
  set('capDrop', h.strArray('CapDrop'));
  set('securityOpt', h.strArray('SecurityOpt'));
  set('init', h.bool('Init'));
  set('tmpfs', h.strMap('Tmpfs'));
  set('networkMode', h.str('NetworkMode') || undefined);
  set('pidMode', namespaceMode(h.str('PidMode'), 'PID', ['host'], true));
  set('ipcMode', namespaceMode(h.str('IpcMode'), 'IPC', ['host', 'private', 'shareable'], true));
  set('utsMode', namespaceMode(h.str('UTSMode'), 'UTS', ['host'], false));
  set('runtime', h.str('Runtime'));
  set('shmSize', h.int('ShmSize') || undefined);
  set('sysctls', h.strMap('Sysctls'));
  set('oomScoreAdj', h.int('OomScoreAdj'));
  set('extraHosts', h.strArray('ExtraHosts'));
  set('dns', h.strArray('Dns'));
  set('dnsSearch', h.strArray('DnsSearch'));
  set('dnsOptions', h.strArray('DnsOptions'));
  set('groupAdd', h.strArray('GroupAdd'));
  const cs = h.raw('ConsoleSize');
  if (Array.isArray(cs) && cs.length === 2 && cs.every((n) => Number.isInteger(n) && n >= 0) && (cs[0] > 0 || cs[1] > 0)) {
    host.consoleSize = [cs[0] as number, cs[1] as number];
  }
  if (h.has('RestartPolicy')) {
    const rp = h.sub('RestartPolicy');
    const name = rp.str('Name') ?? '';
    if (!RESTART_POLICIES.includes(name)) throw invalidArgument(`invalid restart policy '${name}'`);
    const max = rp.int('MaximumRetryCount') ?? 0;
    if (max < 0) throw invalidArgument('invalid restart policy: maximum retry count cannot be negative');
    if (max > 0 && name !== 'on-failure') throw invalidArgument(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
    host.restartPolicy = { name: (name || 'no') as RestartPolicyName, maximumRetryCount: max };
  }
  host.resources = {};
  const r = host.resources;
  const num = (k: string) => { const v = h.int(k); return v === 0 ? undefined : v; };
  const assign = <K extends keyof typeof r>(k: K, v: (typeof r)[K] | undefined) => { if (v !== undefined) r[k] = v; };
  assign('memory', num('Memory'));
  assign('memorySwap', num('MemorySwap'));
  assign('memoryReservation', num('MemoryReservation'));
  assign('nanoCpus', num('NanoCpus'));
  assign('cpuShares', num('CpuShares'));
  assign('cpuPeriod', num('CpuPeriod'));
  assign('cpuQuota', num('CpuQuota'));
  assign('cpusetCpus', h.str('CpusetCpus') || undefined);
  assign('cpusetMems', h.str('CpusetMems') || undefined);
  assign('pidsLimit', num('PidsLimit'));
  assign('blkioWeight', num('BlkioWeight'));
  assign('oomKillDisable', h.bool('OomKillDisable'));
  const ulimits = h.array('Ulimits');
  if (ulimits) {
    r.ulimits = ulimits.map((u) => {
      const name = u.str('Name');
      const soft = u.int('Soft');
      const hard = u.int('Hard');
      if (!name || soft === undefined || hard === undefined) throw invalidArgument('invalid ulimit: Name, Soft and Hard are required');
      return { name, soft, hard };
    });
  }
  if (r.nanoCpus !== undefined && (r.cpuQuota !== undefined || r.cpuPeriod !== undefined)) {
    throw invalidArgument('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  }
  host.mounts = [...parseBinds(h.strArray('Binds') ?? []), ...parseMounts(h.array('Mounts') ?? [])];
  set('volumesFrom', h.strArray('VolumesFrom'));
  const ports = toPortBindings(h.raw('PortBindings'));
  if (ports.length) host.portBindings = ports;
  if (h.bool('PublishAllPorts')) host.publishAllPorts = true;
  return host;
}

/** `-v /host:/ctr[:opts]` binds, `-v name:/ctr[:opts]` named volumes (opts: ro, rw, nocopy, z, Z, propagation). */
function parseBinds(binds: string[]): UserMount[] {
  return binds.map((b) => {
    const parts = b.split(':');
    if (parts.length < 2 || parts.length > 3) throw invalidArgument(`invalid volume specification: '${b}'`);
    const [source, target, mode = ''] = parts as [string, string, string?];
    if (!target.startsWith('/')) throw invalidArgument(`invalid volume specification: '${b}': mount path must be absolute`);
    const opts = mode.split(',').filter(Boolean);
    const readOnly = opts.includes('ro');
    if (!source.startsWith('/')) {
      if (!source) throw invalidArgument(`invalid volume specification: '${b}'`);
      return { type: 'volume', source, target, readOnly, options: [], ...(opts.includes('nocopy') ? { noCopy: true } : {}) };
    }
    return { type: 'bind', source, target, readOnly, options: opts.filter((o) => o !== 'ro' && o !== 'rw' && o !== 'z' && o !== 'Z') };
  });
}

function parseMounts(mounts: JsonFields[]): UserMount[] {
  return mounts.map((m) => {
    const type = m.str('Type') ?? 'volume';
    const target = m.str('Target') ?? '';
    if (!target.startsWith('/')) throw invalidArgument('invalid mount config: Target must be an absolute path');
    const readOnly = m.bool('ReadOnly') ?? false;
    if (type === 'bind') {
      const source = m.str('Source') ?? '';
      if (!source.startsWith('/')) throw invalidArgument(`invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`);
      const propagation = m.sub('BindOptions').str('Propagation');
      return { type, source, target, readOnly, options: propagation ? [propagation] : [] };
    }
    if (type === 'tmpfs') {
      const t = m.sub('TmpfsOptions');
      const size = t.int('SizeBytes');
      const mode = t.int('Mode');
      const options = [...(size ? [`size=${size}`] : []), ...(mode ? [`mode=${mode.toString(8)}`] : [])];
      return { type, source: 'tmpfs', target, readOnly, options };
    }
    if (type === 'volume') {
      const source = m.str('Source') ?? '';
      if (source.startsWith('/')) throw invalidArgument(`invalid mount config for type "volume": invalid volume name: '${source}'`);
      const v = m.sub('VolumeOptions');
      const driver = v.sub('DriverConfig');
      const driverName = driver.str('Name') ?? '';
      if (driverName && driverName !== 'local') throw new EngineError('not_implemented', `volume driver "${driverName}" is not supported: only "local"`);
      const volumeOptions = driver.strMap('Options');
      return {
        type, source, target, readOnly, options: [],
        ...(volumeOptions && Object.keys(volumeOptions).length ? { volumeOptions } : {}),
        ...(v.bool('NoCopy') ? { noCopy: true } : {}),
      };
    }
    throw invalidArgument(`invalid mount config: mount type unknown: "${type}"`);
  });
}
