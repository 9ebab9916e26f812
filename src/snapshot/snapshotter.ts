import type { Digest } from '../core/digest.js';
import type { Mount } from '../core/mount.js';

/**
 * Snapshots are the filesystems containers run on, built as a chain of layers.
 *
 * Glossary:
 * - key: the name of an active snapshot (or a view); chosen by the caller, e.g.
 *   `extract-<random>` while unpacking a layer, or a container id.
 * - name: the name of a committed snapshot; for image layers, the layer's chain id.
 * - parent: the committed snapshot a new one is based on; `''` means none.
 *
 * Lifecycle:
 *   prepare(key, parent) -> Mount[]   an empty writable layer over `parent`
 *   (applyLayer(key, tar) or mount and write)
 *   commit(name, key)                 freezes it as `name`; `key` is gone
 *   prepare(ctr, name) -> Mount[]     a container's writable layer over the image
 *   remove(ctr)                       after the container is gone
 *
 * The snapshotter never mounts anything itself: it returns the mounts and the
 * caller mounts them (sys/mount.ts `mountAll`) where it wants, and unmounts them
 * before `remove`. Every state change is atomic on disk: after a crash a snapshot
 * either exists completely or not at all, and `cleanup()` reclaims the leftovers.
 */
export type SnapshotKind = 'active' | 'view' | 'committed';

export interface SnapshotInfo {
  /** The key (active, view) or name (committed). */
  name: string;
  kind: SnapshotKind;
  /** The committed parent's name; absent for a base layer. */
  parent?: string;
  labels: Record<string, string>;
  created: Date;
  updated: Date;
}

export interface SnapshotUsage {
  /** Bytes of content (sum of file sizes, each inode once), as Docker counts layer size. */
  size: number;
  inodes: number;
}

export interface AppliedLayer {
  diffId: Digest;
  /** Bytes in the uncompressed layer tar. */
  size: number;
}

export interface SnapshotOptions {
  labels?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Snapshotter {
  /** Driver name, for information (e.g. `overlayfs`). */
  readonly driver: string;

  /** `not_found` if no snapshot has this key or name. */
  stat(key: string): Promise<SnapshotInfo>;
  list(): Promise<SnapshotInfo[]>;
  /** Committed snapshots report the usage measured at commit; active ones are measured now. */
  usage(key: string): Promise<SnapshotUsage>;

  /**
   * Creates active snapshot `key` over committed `parent` (`''` = empty) and
   * returns the mounts for it. `conflict` if `key` exists, `not_found` if the
   * parent does not, `invalid_argument` if the parent is not committed.
   */
  prepare(key: string, parent: string, opts?: SnapshotOptions): Promise<Mount[]>;
  /** Like prepare, but the mounts are read-only and the snapshot can't be committed. */
  view(key: string, parent: string, opts?: SnapshotOptions): Promise<Mount[]>;
  /** The mounts of an active snapshot or view (again); `invalid_argument` for a committed one. */
  mounts(key: string): Promise<Mount[]>;
  /**
   * Freezes active snapshot `key` as committed snapshot `name`; `key` ceases to
   * exist. `conflict` if `name` exists (the caller may then drop `key`: someone
   * else committed the same content first).
   */
  commit(name: string, key: string, opts?: SnapshotOptions): Promise<void>;
  /**
   * Removes a snapshot of any kind and its data; the caller unmounts it first.
   * `conflict` if other snapshots have it as parent; `not_found` if absent.
   */
  remove(key: string): Promise<void>;

  /**
   * Unpacks a layer tar (gzip or plain) straight into active snapshot `key`
   * without mounting it, writing whiteouts in the driver's own format. Entries
   * escaping the snapshot are refused with `invalid_argument`. The DiffID is
   * computed while streaming.
   */
  applyLayer(key: string, tar: AsyncIterable<Buffer>, opts?: { signal?: AbortSignal }): Promise<AppliedLayer>;

  /** Driver-specific paths for information (inspect output): e.g. upperDir, lowerDir, workDir. */
  describe(key: string): Promise<Record<string, string>>;

  /** Reclaims data no snapshot refers to (left by a crash). Run at boot, before use. */
  cleanup(): Promise<void>;
}
