import { invalidArgument } from '../../core/engine-error.js';
import type { ContainerArchive } from '../../engine/containers/container-archive.js';
import { containerChanges } from '../../engine/containers/container-changes.js';
import type { ContainerContext } from '../../engine/containers/container-context.js';
import { exportContainer } from '../../engine/containers/container-export.js';
import { type ApiHandler, type ApiRequest, json } from '../api-types.js';
import { toDockerChanges } from '../dockercompat/container-changes-json.js';
import { PATH_STAT_HEADER, pathStatHeader } from '../dockercompat/container-path-stat.js';
import { queryBool } from '../request-parsing.js';
import type { Router } from '../router.js';

export interface ArchiveHandlerDeps {
  archive: ContainerArchive;
  containers: ContainerContext;
}

const TAR = 'application/x-tar';

/** Container filesystem endpoints: `docker cp` (archive), `docker diff` (changes), `docker export`. */
export function addArchiveRoutes(router: Router<ApiHandler>, d: ArchiveHandlerDeps): void {
  router.add('HEAD', '/containers/:id/archive', async (req) => {
    const stat = await d.archive.stat(req.params.id!, archivePath(req));
    return { kind: 'empty', status: 200, headers: { [PATH_STAT_HEADER]: pathStatHeader(stat) } };
  });

  router.add('GET', '/containers/:id/archive', async (req) => {
    const { stat, body } = await d.archive.read(req.params.id!, archivePath(req), req.signal);
    return { kind: 'stream', status: 200, contentType: TAR, body, headers: { [PATH_STAT_HEADER]: pathStatHeader(stat) } };
  });

  router.add('PUT', '/containers/:id/archive', async (req) => {
    await d.archive.extract(req.params.id!, archivePath(req), req.body, {
      noOverwriteDirNonDir: queryBool(req.query, 'noOverwriteDirNonDir'), signal: req.signal,
    });
    return { kind: 'empty', status: 200 };
  });

  router.add('GET', '/containers/:id/changes', async (req) => json(toDockerChanges(await containerChanges(d.containers, req.params.id!))));

  router.add('GET', '/containers/:id/export', async (req) => {
    const body = await exportContainer(d.containers, req.params.id!, req.signal);
    return { kind: 'stream', status: 200, contentType: TAR, body };
  });
}

function archivePath(req: ApiRequest): string {
  const p = req.query.get('path');
  if (!p) throw invalidArgument('path is required');
  return p;
}
