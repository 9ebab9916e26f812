import path from 'node:path';
import type { ImageDeleteItem, ImageHistoryEntry, ImageRecord } from '../../engine/images/image-record.js';
import type { OciContainerConfig } from '../../image/oci-image.js';

/**
 * ImageRecord -> Docker's image JSON (Engine API v1.50, with the fields older API
 * versions expect when the request negotiated one). Pure functions.
 */
export interface ImageJsonOptions {
  /** The request's API version; default: current (no legacy fields). */
  apiVersion?: number;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** GET /images/json item. */
export function toImageSummary(rec: ImageRecord, opts: ImageJsonOptions = {}): Record<string, unknown> {
  const v = opts.apiVersion ?? Infinity;
  let repoTags = rec.repoTags;
  let repoDigests = rec.repoDigests;
  if (v < 1.43 && repoTags.length === 0 && repoDigests.length === 0) {
    repoTags = ['<none>:<none>'];
    repoDigests = ['<none>@<none>'];
  }
  return {
    Id: rec.id,
    ParentId: rec.parent ?? '',
    RepoTags: repoTags,
    RepoDigests: repoDigests,
    Created: unixSeconds(rec.created),
    Size: rec.size,
    SharedSize: -1,
    ...(v < 1.44 ? { VirtualSize: rec.size } : {}),
    Labels: rec.config.config?.Labels ?? {},
    Containers: -1,
  };
}

/** GET /images/{name}/json. */
export function toImageInspect(rec: ImageRecord, opts: ImageJsonOptions = {}): Record<string, unknown> {
  const v = opts.apiVersion ?? Infinity;
  const c = rec.config;
  return {
    Id: rec.id,
    RepoTags: rec.repoTags,
    RepoDigests: rec.repoDigests,
    Parent: rec.parent ?? '',
    Comment: rec.comment ?? '',
    ...(rec.created ? { Created: rfc3339Nano(rec.created) } : {}),
    ...(v < 1.45 ? { Container: '', ContainerConfig: legacyContainerConfig() } : {}),
    DockerVersion: c.docker_version ?? '',
    Author: c.author ?? '',
    Config: toImageConfig(c.config ?? {}, v),
    Architecture: c.architecture,
    ...(c.variant ? { Variant: c.variant } : {}),
    Os: c.os,
    ...(c['os.version'] ? { OsVersion: c['os.version'] } : {}),
    Size: rec.size,
    ...(v < 1.44 ? { VirtualSize: rec.size } : {}),
    GraphDriver: toGraphDriver(rec.storage),
    RootFS: { Type: 'layers', Layers: [...c.rootfs.diff_ids] },
    Metadata: { LastTagTime: rec.lastTagTime ? rfc3339Nano(rec.lastTagTime) : ZERO_TIME },
  };
}

/** GET /images/{name}/history: newest first, as ImageService.history returns them. */
export function toImageHistory(entries: readonly ImageHistoryEntry[]): Array<Record<string, unknown>> {
  return entries.map((e) => ({
    Id: e.id ?? '<missing>',
    Created: unixSeconds(e.created),
    CreatedBy: e.createdBy,
    Tags: e.tags.length > 0 ? [...e.tags] : null,
    Size: e.size,
    Comment: e.comment,
  }));
}

/** DELETE /images/{name}: the items as they are. */
export function toImageDeleteResponse(items: readonly ImageDeleteItem[]): ImageDeleteItem[] {
  return items.map((i) => ({ ...i }));
}

/** POST /images/prune. Docker sends `null` when nothing was deleted. */
export function toImagePruneReport(r: { deleted: readonly ImageDeleteItem[]; spaceReclaimed: number }): Record<string, unknown> {
  return { ImagesDeleted: r.deleted.length > 0 ? r.deleted.map((i) => ({ ...i })) : null, SpaceReclaimed: r.spaceReclaimed };
}

/** The image's runtime defaults in Docker's capitalized keys; API < 1.50 also gets container.Config's legacy fields. */
export function toImageConfig(cfg: OciContainerConfig, apiVersion = Infinity): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Versions are numbers with two-digit minors: 1.50 === 1.5 > 1.49.
  if (apiVersion < 1.50) {
    Object.assign(out, {
      Hostname: '',
      Domainname: '',
      User: cfg.User ?? '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
    });
  } else {
    out.User = cfg.User ?? '';
  }
  if (cfg.ExposedPorts && Object.keys(cfg.ExposedPorts).length > 0) out.ExposedPorts = { ...cfg.ExposedPorts };
  out.Env = cfg.Env ? [...cfg.Env] : null;
  out.Cmd = cfg.Cmd ? [...cfg.Cmd] : null;
  if (cfg.Healthcheck) out.Healthcheck = { ...cfg.Healthcheck };
  if (cfg.ArgsEscaped) out.ArgsEscaped = true;
  if (apiVersion < 1.50) out.Image = '';
  out.Volumes = cfg.Volumes ? { ...cfg.Volumes } : null;
  out.WorkingDir = cfg.WorkingDir ?? '';
  out.Entrypoint = cfg.Entrypoint ? [...cfg.Entrypoint] : null;
  out.OnBuild = cfg.OnBuild ? [...cfg.OnBuild] : null;
  out.Labels = cfg.Labels ? { ...cfg.Labels } : null;
  if (cfg.StopSignal) out.StopSignal = cfg.StopSignal;
  if (cfg.Shell) out.Shell = [...cfg.Shell];
  return out;
}

function legacyContainerConfig(): Record<string, unknown> {
  return {
    Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
    Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: '', Volumes: null,
    WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null,
  };
}

/** Our overlay snapshotter is Docker's overlay2 in all but name; its paths map one to one. */
function toGraphDriver(storage: ImageRecord['storage']): { Name: string; Data: Record<string, string> } {
  const d = storage.data;
  const data: Record<string, string> = {};
  if (d.lowerDir) data.LowerDir = d.lowerDir;
  if (d.upperDir) {
    data.MergedDir = path.join(path.dirname(d.upperDir), 'merged');
    data.UpperDir = d.upperDir;
  }
  if (d.workDir) data.WorkDir = d.workDir;
  return { Name: storage.driver === 'overlayfs' ? 'overlay2' : storage.driver, Data: data };
}

function unixSeconds(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

/** Go's RFC3339Nano: no trailing zeros in the fraction, no fraction at all when it is zero. */
function rfc3339Nano(iso: string): string {
  return iso.replace(/\.(\d*?)0+Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}
