import type { ContainerLogs } from '../engine/containers/container-logs.js';
import type { ContainerService } from '../engine/containers/container-service.js';
import type { ContainerStats } from '../engine/containers/container-stats.js';
import type { ExecService } from '../engine/containers/exec-service.js';
import type { EventBus } from '../engine/events/event-bus.js';
import type { ImageService } from '../engine/images/image-service.js';
import type { SystemService } from '../engine/system/system-service.js';
import type { VolumeService } from '../engine/volumes/volume-service.js';
import type { NetworkService } from '../engine/networks/network-service.js';
import type { ContainerArchive } from '../engine/containers/container-archive.js';
import type { ContainerCommitter } from '../engine/containers/container-commit.js';
import type { DiskUsage } from '../engine/system/disk-usage.js';
import type { ApiHandler } from './api-types.js';
import { addArchiveRoutes } from './handlers/archive-handlers.js';
import { addCommitRoutes } from './handlers/commit-handlers.js';
import { addDiskUsageRoutes } from './handlers/disk-usage-handlers.js';
import { addContainerRoutes } from './handlers/container-handlers.js';
import { addExecRoutes } from './handlers/exec-handlers.js';
import { addImageRoutes } from './handlers/image-handlers.js';
import { addNetworkRoutes } from './handlers/network-handlers.js';
import { addSystemRoutes } from './handlers/system-handlers.js';
import { addVolumeRoutes } from './handlers/volume-handlers.js';
import { Router } from './router.js';

export interface RouteDeps {
  containers: ContainerService;
  execs: ExecService;
  logs: ContainerLogs;
  stats: ContainerStats;
  archive: ContainerArchive;
  images: ImageService;
  system: SystemService;
  events: EventBus;
  volumes: VolumeService;
  networks: NetworkService;
  commits: ContainerCommitter;
  diskUsage: DiskUsage;
}

/** The whole Docker Engine API surface berthd serves, as one table built from per-resource parts. */
export function buildRoutes(d: RouteDeps): Router<ApiHandler> {
  const router = new Router<ApiHandler>();
  addSystemRoutes(router, d.system, d.events);
  addContainerRoutes(router, {
    containers: d.containers, logs: d.logs, execs: d.execs, stats: d.stats,
    imageIdOf: (ref) => d.images.resolveCached(ref),
    networks: { find: (id) => d.networks.list().find((n) => n.id === id), all: () => d.networks.list() },
    sizeOf: (rec) => d.diskUsage.containerSize(rec),
  });
  addArchiveRoutes(router, { archive: d.archive, containers: d.containers.context });
  addExecRoutes(router, d.execs);
  addImageRoutes(router, {
    images: d.images,
    inUseBy: (imageId) => d.containers.list().find((c) => c.config.imageId === imageId)?.id,
    runningIn: (imageId) => d.containers.list().find((c) => c.config.imageId === imageId && c.state.status === 'running')?.id,
  });
  addVolumeRoutes(router, d.volumes);
  addNetworkRoutes(router, d.networks, d.containers);
  addCommitRoutes(router, d.commits);
  addDiskUsageRoutes(router, d.diskUsage);
  return router;
}
