import type { Digest } from '../core/digest.js';
import type { OciContainerConfig, OciImageConfig } from './oci-image.js';

export interface ChildImage {
  /** The run-time defaults of the new image (the committed container's, with `--change`s applied). */
  config: OciContainerConfig;
  /** The new layer's DiffID; undefined when the container changed nothing (an empty layer). */
  diffId?: Digest;
  /** RFC 3339. */
  created: string;
  createdBy: string;
  author?: string;
  comment?: string;
}

/**
 * The config of an image made from `parent` plus one layer, as Docker's commit writes it:
 * platform from the parent, the parent's layers and history plus one entry (marked
 * `empty_layer` when nothing changed, which adds no layer), author and comment on top.
 */
export function childImageConfig(parent: OciImageConfig, child: ChildImage): OciImageConfig {
  const history = {
    created: child.created,
    created_by: child.createdBy,
    ...(child.author ? { author: child.author } : {}),
    ...(child.comment ? { comment: child.comment } : {}),
    ...(child.diffId ? {} : { empty_layer: true }),
  };
  return {
    created: child.created,
    ...(child.author ? { author: child.author } : {}),
    architecture: parent.architecture,
    os: parent.os,
    ...(parent.variant ? { variant: parent.variant } : {}),
    ...(parent['os.version'] ? { 'os.version': parent['os.version'] } : {}),
    config: child.config,
    rootfs: { type: 'layers', diff_ids: [...parent.rootfs.diff_ids, ...(child.diffId ? [child.diffId] : [])] },
    history: [...(parent.history ?? []), history],
    ...(child.comment ? { comment: child.comment } : {}),
  };
}
