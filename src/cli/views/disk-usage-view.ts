import type { ContainerSummary } from '../../client/types/container-types.js';
import type { DiskUsage } from '../../client/types/system-types.js';
import { renderList } from '../format/list-format.js';
import { humanSize } from '../units/human-size.js';
import { CONTAINER_TABLE_DF, containerHeader, ContainerRow } from './container-row.js';
import { familiarName, parseReference } from './image-reference.js';
import { imageHeader, ImageRow } from './image-row.js';
import { TableHeader } from './table-header.js';
import { VolumeRow, volumeHeader } from './volume-row.js';

export const DISK_USAGE_TABLE = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const VOLUMES_TABLE = 'table {{.Name}}\t{{.Links}}\t{{.Size}}';
const BUILD_CACHE_HEADER = 'CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n';

export const diskUsageHeader = new TableHeader({ Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' });

/** One line of `system df`, as docker's diskUsage*Context computes it from the daemon's sizes. */
export class DiskUsageRow {
  constructor(readonly Type: string, private readonly total: number, private readonly active: number,
    private readonly size: number, private readonly reclaimable: number) {}

  get TotalCount(): string { return String(this.total); }
  get Active(): string { return String(this.active); }
  get Size(): string { return humanSize(this.size); }

  get Reclaimable(): string {
    const text = humanSize(this.reclaimable);
    return this.size > 0 ? `${text} (${Math.floor((this.reclaimable * 100) / this.size)}%)` : text;
  }

  toJSON(): Record<string, unknown> {
    return { Active: this.Active, Reclaimable: this.Reclaimable, Size: this.Size, TotalCount: this.TotalCount, Type: this.Type };
  }
}

const isActive = (c: ContainerSummary) => /running|paused|restarting/.test(c.State);

export function diskUsageRows(du: DiskUsage): DiskUsageRow[] {
  const images = du.Images ?? [];
  const containers = du.Containers ?? [];
  const volumes = du.Volumes ?? [];
  const cache = du.BuildCache ?? [];
  const layers = du.LayersSize ?? 0;
  const usedByImages = images.filter((i) => i.Containers > 0 && i.Size !== -1 && i.SharedSize !== -1).reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const ctrSize = containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0);
  const volUsage = volumes.map((v) => v.UsageData).filter((u) => u && u.Size !== -1);
  const cacheSize = cache.filter((c) => !c.Shared).reduce((s, c) => s + c.Size, 0);
  return [
    new DiskUsageRow('Images', images.length, images.filter((i) => i.Containers > 0).length, layers, layers - usedByImages),
    new DiskUsageRow('Containers', containers.length, containers.filter(isActive).length, ctrSize,
      containers.filter((c) => !isActive(c)).reduce((s, c) => s + (c.SizeRw ?? 0), 0)),
    new DiskUsageRow('Local Volumes', volumes.length, volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      volUsage.reduce((s, u) => s + u!.Size, 0), volUsage.filter((u) => u!.RefCount === 0).reduce((s, u) => s + u!.Size, 0)),
    new DiskUsageRow('Build Cache', cache.length, cache.filter((c) => c.InUse).length, cacheSize,
      cache.filter((c) => !c.Shared && !c.InUse).reduce((s, c) => s + c.Size, 0)),
  ];
}

/** `system df -v`: a table per kind (or, with `json`, one object of them all, without a final newline, as docker prints it). */
export function renderVerboseDiskUsage(du: DiskUsage, json: boolean, now = Date.now()): string {
  const trunc = !json;
  const images = (du.Images ?? []).map((i) => {
    // docker shows the first tag only
    const ref = i.RepoTags?.[0] ? parseReference(i.RepoTags[0]) : undefined;
    const repo = ref && ref.name !== '<none>' ? familiarName(ref.name) : '<none>';
    return new ImageRow(i, repo, ref?.tag ?? '<none>', json ? '' : '<none>', trunc, now);
  });
  // docker leaves the virtual size out of this view
  const containers = (du.Containers ?? []).map((c) => new ContainerRow({ ...c, SizeRootFs: 0 }, trunc, now));
  const volumes = (du.Volumes ?? []).map((v) => new VolumeRow(v));
  if (json) return goJsonMarshal({ Images: images, Containers: containers, Volumes: volumes, BuildCache: [] });
  const cacheSize = (du.BuildCache ?? []).reduce((s, c) => s + c.Size, 0);
  return [
    `Images space usage:\n\n${renderList(images, { format: undefined, header: imageHeader, defaultTable: IMAGES_TABLE })}`,
    `Containers space usage:\n\n${renderList(containers, { format: undefined, header: containerHeader, defaultTable: CONTAINER_TABLE_DF })}`,
    `Local Volumes space usage:\n\n${renderList(volumes, { format: undefined, header: volumeHeader, defaultTable: VOLUMES_TABLE })}`,
    `Build cache usage: ${humanSize(cacheSize)}\n\n${BUILD_CACHE_HEADER}`,
  ].join('\n');
}

/** Go's json.Marshal, which docker uses here: like JSON.stringify, but <, > and & are escaped. */
function goJsonMarshal(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
