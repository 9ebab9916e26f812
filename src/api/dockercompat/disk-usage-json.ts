import type { DiskUsageReport } from '../../engine/system/disk-usage.js';
import { toContainerSummary } from './container-json.js';
import { toImageSummary } from './image-json.js';
import { toVolumeJson } from './volume-json.js';

/** GET /system/df: sections not asked for (`type=`) are null; berth has no build cache. */
export function toDiskUsage(r: DiskUsageReport, opts: { apiVersion?: number } = {}): Record<string, unknown> {
  return {
    LayersSize: r.layersSize,
    Images: r.images?.map((i) => ({ ...toImageSummary(i.image, opts), SharedSize: i.sharedSize, Containers: i.containers })) ?? null,
    Containers: r.containers?.map((c) => ({ ...toContainerSummary(c.container), SizeRw: c.size.rw, SizeRootFs: c.size.rootFs })) ?? null,
    Volumes: r.volumes?.map((v) => ({ ...toVolumeJson(v.volume), UsageData: { Size: v.size, RefCount: v.refCount } })) ?? null,
    BuildCache: [],
  };
}
