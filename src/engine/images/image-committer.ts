import { MediaTypes } from '../../core/descriptor.js';
import type { Digest } from '../../core/digest.js';
import { invalidArgument } from '../../core/engine-error.js';
import type { ContentStore } from '../../content/content-store.js';
import { readJsonBlob } from '../../content/read-blob.js';
import { writeBlob } from '../../content/write-blob.js';
import { childImageConfig } from '../../image/child-image-config.js';
import type { ImageStore, StoredImage } from '../../image/image-store.js';
import { ingestLayer } from '../../image/ingest-layer.js';
import type { OciContainerConfig, OciImageConfig, OciManifest } from '../../image/oci-image.js';
import { type ImageReference, parseReference, withDefaultTag, withTag } from '../../image/reference.js';
import { unpackLayers } from '../../image/unpack-layers.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';

export interface CommitImageOptions {
  /** The image the container runs on: the new image's parent. */
  parentId: Digest;
  /** The container's changes as an uncompressed layer tar; undefined when it changed nothing. */
  layer?: AsyncIterable<Buffer>;
  /** Run-time defaults of the new image. */
  config: OciContainerConfig;
  createdBy: string;
  author?: string;
  comment?: string;
  repo?: string;
  tag?: string;
  signal?: AbortSignal;
}

export interface CommittedImage {
  id: Digest;
  config: OciImageConfig;
  name?: ImageReference;
}

/**
 * Docker's commit on the image side: the layer is stored as a blob (DiffID checked while
 * streaming) and unpacked into a committed snapshot over the parent's chain, then the
 * config and manifest are written and the image recorded with its parent. A failure before
 * the record leaves only unreferenced blobs and snapshots, which the boot-time GC reclaims.
 */
export async function commitImage(
  deps: { content: ContentStore; snapshots: Snapshotter; store: ImageStore },
  parent: StoredImage,
  parentConfig: OciImageConfig,
  opts: CommitImageOptions,
  now: Date,
): Promise<CommittedImage> {
  const { content, snapshots, store } = deps;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const name = opts.repo ? commitName(opts.repo, opts.tag) : undefined;
  const parentManifest = await readJsonBlob<OciManifest>(content, parent.manifest.digest);
  const layers = parentManifest.layers.map((blob, i) => ({ blob, diffId: parentConfig.rootfs.diff_ids[i]! }));
  let diffId: Digest | undefined;
  if (opts.layer) {
    const layer = await ingestLayer(content, opts.layer, signal);
    diffId = layer.diffId;
    layers.push({ blob: layer.blob, diffId });
    await unpackLayers(content, snapshots, layers, signal);
  }
  const config = childImageConfig(parentConfig, {
    config: opts.config, created: now.toISOString(), createdBy: opts.createdBy,
    ...(diffId ? { diffId } : {}),
    ...(opts.author ? { author: opts.author } : {}),
    ...(opts.comment ? { comment: opts.comment } : {}),
  });
  const configBlob = await writeBlob(content, Buffer.from(JSON.stringify(config)), signal);
  const manifest: OciManifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: configBlob.digest, size: configBlob.size },
    layers: layers.map((l) => l.blob),
  };
  const manifestBlob = await writeBlob(content, Buffer.from(JSON.stringify(manifest)), signal);
  await store.put(configBlob.digest, { mediaType: MediaTypes.ociManifest, digest: manifestBlob.digest, size: manifestBlob.size }, { parent: parent.id });
  return { id: configBlob.digest, config, ...(name ? { name } : {}) };
}

/** Docker's commit reference: `repo` normalized, `tag` (or `latest`) applied; digests refused. */
export function commitName(repo: string, tag?: string): ImageReference {
  const ref = parseReference(repo);
  if (ref.digest) throw invalidArgument('refusing to create a tag with a digest reference');
  return tag ? withTag(ref, tag) : withDefaultTag(ref);
}
