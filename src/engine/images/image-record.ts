import type { Digest } from '../../core/digest.js';
import type { OciImageConfig } from '../../image/oci-image.js';

/**
 * An image as the engine presents it. Names are in Docker's familiar form
 * (`busybox:latest`, `localhost:5000/app@sha256:…`); `api/dockercompat` shapes
 * this into Docker's JSON.
 */
export interface ImageRecord {
  /** The config digest. */
  id: Digest;
  repoTags: string[];
  repoDigests: string[];
  /** RFC 3339, from the config; '' if the config has none. */
  created: string;
  /** Bytes of the unpacked layers, as Docker reports it (each layer's file sizes). */
  size: number;
  config: OciImageConfig;
  /** One per layer, bottom first; the last names the image's filesystem snapshot. */
  chainIds: Digest[];
  manifestDigest: Digest;
  comment?: string;
  /** When a name was last attached (RFC 3339). */
  lastTagTime?: string;
  /** The image it was committed from. */
  parent?: Digest;
  /** Storage driver and its informational paths (overlay: upperDir, lowerDir, workDir). */
  storage: { driver: string; data: Record<string, string> };
}

/** One line of `docker history`, newest first. */
export interface ImageHistoryEntry {
  /** The image id for the newest entry; undefined for the rest (Docker's `<missing>`). */
  id?: Digest;
  /** RFC 3339, or '' when the config has none. */
  created: string;
  createdBy: string;
  tags: string[];
  size: number;
  comment: string;
}

/** Docker's DELETE /images and prune report lines. */
export type ImageDeleteItem = { Untagged: string } | { Deleted: string };

/** Which container uses an image, as the container service knows it. */
export type ImageUsageLookup = (imageId: Digest) => string | undefined;
