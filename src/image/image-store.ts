import type { Descriptor } from '../core/descriptor.js';
import type { Digest } from '../core/digest.js';

/** One image as the store records it; everything else (config, layers) is in content. */
export interface StoredImage {
  /** The config digest: Docker's image id. */
  id: Digest;
  /** The manifest blob that references the config and layers. */
  manifest: Descriptor;
  /**
   * Full normalized references naming this image: `docker.io/library/busybox:latest`
   * (tags) and `docker.io/library/busybox@sha256:…` (digests). Empty = dangling.
   */
  names: string[];
  /** When a name was last attached (RFC 3339). */
  lastTagTime?: string;
  /** The image this one was committed from (Docker's `Parent`); absent for imported and pulled images. */
  parent?: Digest;
}

/**
 * Names -> images, persisted. Each name belongs to at most one image; tagging
 * moves it. Every mutation is durable when its promise resolves and atomic with
 * respect to crashes (all or nothing). Blobs are not the store's business: the
 * image service keeps content and snapshots consistent with what is recorded here.
 */
export interface ImageStore {
  list(): Promise<StoredImage[]>;
  get(id: Digest): Promise<StoredImage | undefined>;
  /** The image that full normalized reference `name` points at. */
  lookup(name: string): Promise<StoredImage | undefined>;
  /** Records image `id` if new (idempotent; an existing record keeps its names and parent). */
  put(id: Digest, manifest: Descriptor, opts?: { parent?: Digest }): Promise<void>;
  /**
   * Points `name` at image `id`, taking it from whichever image had it, and returns
   * that image's id (undefined if none). `not_found` if `id` is not recorded.
   */
  tag(name: string, id: Digest): Promise<Digest | undefined>;
  /** Detaches `name`; returns the image it was on, or undefined. */
  untag(name: string): Promise<Digest | undefined>;
  /** Forgets image `id` and all its names; no-op if absent. */
  delete(id: Digest): Promise<void>;
}
