import type { ContainerRecord } from '../../core/container.js';
import type { Digest } from '../../core/digest.js';
import { EngineError } from '../../core/engine-error.js';
import type { Volume } from '../../volume/volume.js';
import type { ImageRecord } from '../images/image-record.js';

export type DiskUsageType = 'image' | 'container' | 'volume' | 'build-cache';

export interface DiskUsageDeps {
  images: {
    list(): Promise<ImageRecord[]>;
    resolve(refOrId: string): Promise<ImageRecord>;
    /** Bytes in a snapshot (an image layer by chain id, a container layer by key); 0 if absent. */
    snapshotSize(key: string): Promise<number>;
  };
  containers: () => ContainerRecord[];
  volumes: { usage(): Promise<Array<{ volume: Volume; size: number; refCount: number }>> };
}

export interface ImageDiskUsage {
  image: ImageRecord;
  /** Bytes of its layers that other images use too. */
  sharedSize: number;
  /** Containers (any state) created from it. */
  containers: number;
}

export interface ContainerSize {
  /** Bytes in the container's writable layer. */
  rw: number;
  /** The writable layer plus the image's layers. */
  rootFs: number;
}

export interface DiskUsageReport {
  /** Bytes of every image layer, each counted once however many images share it. */
  layersSize: number;
  images?: ImageDiskUsage[];
  containers?: Array<{ container: ContainerRecord; size: ContainerSize }>;
  volumes?: Array<{ volume: Volume; size: number; refCount: number }>;
}

/**
 * `docker system df` and the sizes of `ps -s` and `inspect -s`: real bytes measured in the
 * snapshotter (image layers once at commit; container layers and volumes when asked, which
 * walks them, so this is as slow as the data is big, as in Docker).
 */
export class DiskUsage {
  constructor(private readonly deps: DiskUsageDeps) {}

  async containerSize(rec: ContainerRecord): Promise<ContainerSize> {
    const rw = await this.deps.images.snapshotSize(rec.snapshotKey);
    const image = await this.deps.images.resolve(rec.config.imageId).catch((err) => {
      if (EngineError.is(err, 'not_found')) return undefined;
      throw err;
    });
    return { rw, rootFs: rw + (image?.size ?? 0) };
  }

  async report(types: ReadonlySet<DiskUsageType>): Promise<DiskUsageReport> {
    const report: DiskUsageReport = { layersSize: 0 };
    const containers = this.deps.containers();
    if (types.has('image')) {
      const images = await this.deps.images.list();
      const users = new Map<Digest, number>();
      for (const c of containers) users.set(c.config.imageId, (users.get(c.config.imageId) ?? 0) + 1);
      const refs = new Map<Digest, number>();
      for (const img of images) for (const chainId of img.chainIds) refs.set(chainId, (refs.get(chainId) ?? 0) + 1);
      const layerSize = new Map<Digest, number>();
      for (const chainId of refs.keys()) layerSize.set(chainId, await this.deps.images.snapshotSize(chainId));
      report.layersSize = [...layerSize.values()].reduce((a, b) => a + b, 0);
      report.images = images.map((image) => ({
        image,
        sharedSize: image.chainIds.filter((c) => (refs.get(c) ?? 0) > 1).reduce((sum, c) => sum + (layerSize.get(c) ?? 0), 0),
        containers: users.get(image.id) ?? 0,
      }));
    }
    if (types.has('container')) {
      report.containers = [];
      for (const container of containers) report.containers.push({ container, size: await this.containerSize(container) });
    }
    if (types.has('volume')) report.volumes = await this.deps.volumes.usage();
    return report;
  }
}
