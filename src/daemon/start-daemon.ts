import { accessSync, constants } from 'node:fs';
import { chmod, chown, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { EngineError } from '../core/engine-error.js';
import type { ContainerRecord } from '../core/container.js';
import { createApiServer } from '../api/api-server.js';
import { buildRoutes } from '../api/routes.js';
import { ContainerService } from '../engine/containers/container-service.js';
import { ContainerArchive } from '../engine/containers/container-archive.js';
import { ContainerCommitter } from '../engine/containers/container-commit.js';
import { ContainerLogs } from '../engine/containers/container-logs.js';
import { ContainerStats } from '../engine/containers/container-stats.js';
import { ExecService } from '../engine/containers/exec-service.js';
import { HealthChecks } from '../engine/containers/health-checks.js';
import { EventBus } from '../engine/events/event-bus.js';
import { reconcileContainers } from '../engine/reconcile/reconcile-containers.js';
import { SystemService } from '../engine/system/system-service.js';
import { DiskUsage } from '../engine/system/disk-usage.js';
import { VolumeService } from '../engine/volumes/volume-service.js';
import { HostPortAllocator } from '../engine/networks/host-port-allocator.js';
import { NetworkService } from '../engine/networks/network-service.js';
import { NetworkStore } from '../engine/networks/network-store.js';
import { BridgeDriver } from '../network/bridge/bridge-driver.js';
import { LocalVolumeStore } from '../volume/local-volume-store.js';
import { ContainerStore } from '../engine/state/container-store.js';
import { ImageService } from '../engine/images/image-service.js';
import { LocalContentStore } from '../content/local/local-content-store.js';
import { IndexImageStore } from '../image/index-image-store.js';
import { OverlaySnapshotter } from '../snapshot/overlay/overlay-snapshotter.js';
import { createOciRuntime } from '../runtime/cli-runtime/create-oci-runtime.js';
import type { OciRuntime } from '../runtime/oci-runtime.js';
import { readHostFacts } from '../runtime/spec/host/read-host-facts.js';
import { detectCgroupLayout } from '../sys/cgroups/cgroup-layout.js';
import { CgroupProbe } from '../sys/cgroups/cgroup-probe.js';
import { fixHybridControllers } from '../sys/cgroups/hybrid-controllers-fix.js';
import { isMountPoint, listMountsUnder, mountAll, unmount } from '../sys/mount.js';
import type { DaemonConfig } from './daemon-config.js';
import { acquireDaemonLock } from './daemon-lock.js';
import { EmbeddedDnsAdapter } from './embedded-dns-adapter.js';
import { probeHostPort } from './host-port-probe.js';
import { MonitorAdapter } from './monitor-adapter.js';
import { SpecAdapter } from './spec-adapter.js';

const VERSION = '0.1.0';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The composition root: the only place that constructs concrete drivers. Order matters:
 * host checks, stores, reconcile (before the socket opens), then the API.
 */
export async function startDaemon(config: DaemonConfig): Promise<Server> {
  const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
  if (process.getuid?.() !== 0) throw new EngineError('permission_denied', 'berthd must run as root (it creates namespaces, cgroups and mounts)');

  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  await mkdir(config.execRoot, { recursive: true, mode: 0o700 });
  const releaseLock = acquireDaemonLock(config.execRoot);

  const layout = detectCgroupLayout();
  const fixed = fixHybridControllers(layout);
  if (fixed.moved.length) log(`cgroups: moved ${fixed.moved.join(', ')} from the cgroup2 mount to v1 hierarchies (hybrid layout; the OCI runtime needs an empty cgroup2 mount)`);

  const runtimes = new Map<string, OciRuntime>();
  const runtimeInfo: Record<string, { path: string; version: string }> = {};
  for (const name of ['crun', 'runc']) {
    const path = which(name);
    if (!path) continue;
    const rt = createOciRuntime(name, { root: join(config.execRoot, 'runtime', name), binary: path });
    runtimes.set(name, rt);
    runtimeInfo[name] = { path, version: await rt.version().then((v) => v.version, () => 'unknown') };
  }
  if (!runtimes.has(config.defaultRuntime)) {
    throw new EngineError('unavailable', `default runtime ${config.defaultRuntime} is not installed`, { hint: 'apt-get install crun runc' });
  }

  const monitorBinary = join(REPO_ROOT, 'native/build/berth-monitor');
  await stat(monitorBinary).catch(() => { throw new EngineError('unavailable', `monitor binary missing: ${monitorBinary}`, { hint: 'run npm run build' }); });

  const events = new EventBus();
  const content = await LocalContentStore.open(join(config.dataRoot, 'content'));
  const snapshots = await OverlaySnapshotter.open(join(config.dataRoot, 'snapshots'));
  const imageStore = await IndexImageStore.open(join(config.dataRoot, 'images'));
  const images = new ImageService({ content, snapshots, store: imageStore, events });
  const { store, orphanDirs } = await ContainerStore.open(join(config.dataRoot, 'containers'));
  const volumeStore = await LocalVolumeStore.open(join(config.dataRoot, 'volumes'), {
    mountAll, unmount: (target) => unmount(target, { recursive: true }), isMountPoint,
  });
  const volumes = new VolumeService({
    store: volumeStore, events,
    usersOf: (name) => store.all().filter((c) => c.host.mounts.some((m) => m.type === 'volume' && m.volumeName === name)).map((c) => c.id),
  });
  const hostFacts = await readHostFacts();
  const cgroups = new CgroupProbe(layout, config.cgroupParent);

  const networks = new NetworkService({
    store: await NetworkStore.open(join(config.dataRoot, 'networks')),
    driver: new BridgeDriver(join(config.execRoot, 'netns'), config.firewallChainPrefix),
    dns: new EmbeddedDnsAdapter((err) => log(`dns: ${err instanceof Error ? err.message : String(err)}`)),
    ports: new HostPortAllocator(probeHostPort),
    events,
    containers: () => store.all(),
    saveContainer: (rec) => store.save(rec),
    defaultBridgeName: config.defaultBridge,
    onBackgroundError: (what, err) => log(`error: ${what}: ${err instanceof Error ? err.message : String(err)}`),
  });

  /** `--network/--pid/--ipc container:X`: the namespace of X's running init; a bridge sandbox for the network. */
  const namespacePathOf = (rec: ContainerRecord, kind: 'net' | 'pid' | 'ipc'): string | undefined => {
    if (kind === 'net' && rec.networkState) return rec.networkState.netnsPath;
    const mode = { net: rec.host.networkMode, pid: rec.host.pidMode, ipc: rec.host.ipcMode }[kind] ?? '';
    if (!mode.startsWith('container:')) return undefined;
    const other = store.get(mode.slice('container:'.length));
    if (other.state.status !== 'running') throw new EngineError('conflict', `cannot join ${kind} namespace of a non running container: ${other.id}`);
    return `/proc/${other.state.pid}/ns/${kind}`;
  };

  const containers = new ContainerService({
    store, images, events, cgroups, runtimes, volumes, networks,
    mounts: { mountAll, unmount: (target, opts) => unmount(target, { ...opts, recursive: true }) },
    defaultRuntime: config.defaultRuntime,
    monitor: new MonitorAdapter(monitorBinary),
    specs: new SpecAdapter(hostFacts, namespacePathOf, (rec) => (rec.host.runtime || config.defaultRuntime) === 'crun'),
    execRoot: config.execRoot,
    onBackgroundError: (what, err) => log(`error: ${what}: ${err instanceof Error ? err.message : String(err)}`),
  });
  const execs = new ExecService(containers.context);
  const healthChecks = new HealthChecks(containers.context, execs);
  const logs = new ContainerLogs(containers.context, MonitorAdapter.logReader());
  const stats = new ContainerStats(containers.context);
  const archive = new ContainerArchive(containers.context);
  const commits = new ContainerCommitter(containers.context, containers.lifecycle, images);
  const diskUsage = new DiskUsage({ images, containers: () => containers.list(), volumes });

  // Networks first: leases and published ports of containers that still run are held before
  // reconcile restarts anything; what no running container owns is swept after it.
  await networks.init();
  const report = await reconcileContainers(containers, {
    mountsUnder: async (prefix) => (await listMountsUnder(prefix)).map((m) => m.mountPoint).sort((a, b) => b.length - a.length),
    runtimeContainers: async () => {
      const ids = new Set<string>();
      for (const name of runtimes.keys()) {
        for (const id of await readdir(join(config.execRoot, 'runtime', name)).catch(() => [] as string[])) if (/^[a-f0-9]{64}$/.test(id)) ids.add(id);
      }
      return [...ids];
    },
    cgroupContainers: () => cgroups.listContainerCgroups(),
    removeCgroup: (id) => cgroups.removeContainerCgroup(id),
    collectSnapshots: (keys) => images.collectSnapshots(keys),
  }, orphanDirs);
  // A failed sweep leaves leftovers, not a broken engine: log it and serve.
  const swept = await networks.sweep().catch((err) => {
    log(`reconcile: network sweep failed: ${err instanceof Error ? err.message : String(err)}`);
    return { sandboxes: [], interfaces: [] };
  });
  const counts = Object.entries({ ...report, sandboxesRemoved: swept.sandboxes, vethsRemoved: swept.interfaces }).filter(([, v]) => (Array.isArray(v) ? v.length : v) > 0).map(([k, v]) => `${k}=${Array.isArray(v) ? v.length : v}`);
  if (counts.length) log(`reconcile: ${counts.join(' ')}`);

  healthChecks.watch(events);

  const system = new SystemService({
    facts: {
      version: VERSION, dataRoot: config.dataRoot, execRoot: config.execRoot, cgroupVersion: layout.version, cgroupHybrid: layout.hybrid,
      defaultRuntime: config.defaultRuntime, runtimes: runtimeInfo, securityOptions: ['name=seccomp,profile=builtin', 'name=cgroupns'],
    },
    containers: () => store.all(),
    imageCount: async () => (await images.list()).length,
  });

  const router = buildRoutes({ volumes, networks, commits, diskUsage, containers, execs, logs, stats, archive, images, system, events });
  const server = createApiServer({
    router, serverName: `berth/${VERSION} (linux)`,
    onInternalError: (err, req) => log(`error: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  if (config.debug) server.on('request', (req) => log(`${req.method} ${req.url}`));
  await listenOnSocket(server, config);
  log(`berthd ${VERSION} listening on unix://${config.socketPath} (data root ${config.dataRoot}, runtime ${config.defaultRuntime}, cgroup v${layout.version}${layout.hybrid ? ' hybrid' : ''})`);

  const shutdown = (sig: string) => {
    log(`${sig}: closing the API socket; containers keep running and are picked up at the next start`);
    server.close();
    server.closeAllConnections();
    void networks.shutdown().catch((err) => log(`network teardown: ${err instanceof Error ? err.message : String(err)}`))
      .then(() => { releaseLock(); return rm(config.socketPath, { force: true }); })
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return server;
}

/** Listens on the Unix socket with mode 0660 (root, plus --group); a stale socket file is replaced, a live one is an error. */
async function listenOnSocket(server: Server, config: DaemonConfig): Promise<void> {
  await mkdir(dirname(config.socketPath), { recursive: true, mode: 0o755 });
  if (await socketAnswers(config.socketPath)) {
    throw new EngineError('conflict', `something already listens on ${config.socketPath}`, { hint: 'stop it, or pass another -H unix:///path.sock' });
  }
  await rm(config.socketPath, { force: true });
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((res, rej) => { server.once('error', rej); server.listen(config.socketPath, () => { server.off('error', rej); res(); }); });
  } finally {
    process.umask(oldMask);
  }
  await chmod(config.socketPath, 0o660);
  if (config.socketGroup) {
    const gid = /^\d+$/.test(config.socketGroup) ? Number(config.socketGroup) : groupId(config.socketGroup);
    await chown(config.socketPath, 0, gid);
  }
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(path);
    s.once('connect', () => { s.destroy(); res(true); });
    s.once('error', () => res(false));
  });
}

function groupId(name: string): number {
  const out = execFileSync('getent', ['group', name], { encoding: 'utf8' }).trim();
  const gid = Number(out.split(':')[2]);
  if (!Number.isInteger(gid)) throw new EngineError('invalid_argument', `unknown group ${name}`);
  return gid;
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch { /* not here */ }
  }
  return undefined;
}
