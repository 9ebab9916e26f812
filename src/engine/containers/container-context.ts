import { join } from 'node:path';
import type { EventBus } from '../events/event-bus.js';
import type { ContainerRecord } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';
import type { ContainerStore } from '../state/container-store.js';
import type { ExitWatchers } from './exit-watchers.js';
import type { KeyedMutex } from './keyed-mutex.js';
import type { CgroupPort, ImagePort, MonitorPort, MountPort, NetworkPort, RuntimePort, SpecPort, VolumePort } from './ports.js';

export interface ContainerDeps {
  store: ContainerStore;
  images: ImagePort;
  mounts: MountPort;
  /** Absent in engines without volume support: volume mounts are then refused. */
  volumes?: VolumePort;
  /** Absent in engines without bridge networking: containers then get loopback only. */
  networks?: NetworkPort;
  runtimes: Map<string, RuntimePort>;
  defaultRuntime: string;
  monitor: MonitorPort;
  specs: SpecPort;
  cgroups: CgroupPort;
  events: EventBus;
  /** Where per-container monitor directories and OCI bundles live (tmpfs, gone at reboot). */
  execRoot: string;
  /** Called for faults no request is waiting on (exit handling, restarts), to be logged once. */
  onBackgroundError: (what: string, err: unknown) => void;
}

/** Shared state of the container use cases: the deps plus per-container locks and waiters. */
export interface ContainerContext extends ContainerDeps {
  locks: KeyedMutex;
  watchers: ExitWatchers;
}

/**
 * The monitor's directory for a container. Unix socket paths are limited to 108 bytes, so the
 * directory uses 24 hex characters of the id (96 bits: unique in any realistic store).
 */
export function runDir(ctx: Pick<ContainerDeps, 'execRoot'>, id: string): string {
  return join(ctx.execRoot, 'c', id.slice(0, 24));
}

export function execDir(ctx: Pick<ContainerDeps, 'execRoot'>, execId: string): string {
  return join(ctx.execRoot, 'e', execId.slice(0, 24));
}

/** The container's init layer (mount points for /etc files and the runtime), beside its record. */
export function initLayerDir(ctx: Pick<ContainerDeps, 'store'>, id: string): string {
  return join(ctx.store.dir(id), 'init');
}

export function rootfsDir(ctx: Pick<ContainerDeps, 'store'>, id: string): string {
  return join(ctx.store.dir(id), 'rootfs');
}

export function runtimeFor(ctx: ContainerDeps, rec: ContainerRecord): RuntimePort {
  const name = rec.host.runtime || ctx.defaultRuntime;
  const rt = ctx.runtimes.get(name);
  if (!rt) throw invalidArgument(`unknown or invalid runtime name: ${name}`);
  return rt;
}

/** Attributes Docker puts on every container event: image, name, and the labels. */
export function eventAttributes(rec: ContainerRecord, extra: Record<string, string> = {}): Record<string, string> {
  return { ...rec.config.labels, image: rec.config.image, name: rec.name, ...extra };
}
