import { MediaTypes } from '../../core/descriptor.js';
import type { Digest } from '../../core/digest.js';
import { EngineError, internal, invalidArgument, notFound } from '../../core/engine-error.js';
import type { Mount } from '../../core/mount.js';
import type { ContentStore } from '../../content/content-store.js';
import { readJsonBlob } from '../../content/read-blob.js';
import { writeBlob } from '../../content/write-blob.js';
import { chainIds } from '../../image/chain-id.js';
import { applyConfigChanges } from '../../image/config-changes.js';
import type { ImageStore, StoredImage } from '../../image/image-store.js';
import { ingestLayer } from '../../image/ingest-layer.js';
import type { OciImageConfig, OciManifest } from '../../image/oci-image.js';
import { hostPlatform, parsePlatform } from '../../image/platform.js';
import {
  familiarName,
  familiarString,
  formatReference,
  type ImageReference,
  parseReference,
  withDefaultTag,
  withTag,
} from '../../image/reference.js';
import { unpackLayers } from '../../image/unpack-layers.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';
import { SharedLock } from './shared-lock.js';
import { findImage } from './find-image.js';
import { type ImageListFilters, matchesFilters, parseTimestamp, type TimeBounds } from './image-filters.js';
import type { ImageDeleteItem, ImageHistoryEntry, ImageRecord, ImageUsageLookup } from './image-record.js';
import { ImageRemover } from './image-remover.js';
import { type CommitImageOptions, commitImage } from './image-committer.js';

/** Where image events (import, tag, untag, delete, prune) go; the daemon passes its event bus. */
export interface ImageEventSink {
  publish(e: { type: 'image'; action: string; id: string; attributes: Record<string, string> }): void;
}

export interface ImageServiceDeps {
  content: ContentStore;
  snapshots: Snapshotter;
  store: ImageStore;
  events?: ImageEventSink;
  now?: () => Date;
}

export interface ImportOptions {
  repo?: string;
  tag?: string;
  /** Dockerfile-syntax config changes (`CMD ["sh"]`, `ENV A=1`, …). */
  changes: string[];
  /** The history comment; Docker's API sends `Imported from <src>`. */
  message?: string;
  /** `os[/arch[/variant]]`; default the host's. */
  platform?: string;
  signal?: AbortSignal;
}

export interface RemoveOptions {
  force?: boolean;
  /** Accepted for Docker compatibility; images have no parent chain to prune here. */
  noPrune?: boolean;
  /** A container (any state) using the image, if any. */
  inUseBy: ImageUsageLookup;
  /** A running container using the image; removing it then can't be forced. */
  runningIn?: ImageUsageLookup;
}

/**
 * Image use cases: import, list, inspect, tag, remove, history, prune, and the
 * container rootfs built on an image. Holds no state of its own beyond a cache of
 * immutable config blobs; the image store, content store and snapshotter are the
 * truth, and every write to them is atomic.
 */
export class ImageService {
  private readonly configs = new Map<Digest, OciImageConfig>();
  private readonly remover: ImageRemover;
  /** Imports and rootfs preparation share it; removal, prune and GC (which delete data) take it alone. */
  private readonly lock = new SharedLock();
  /** The store's images as of the last change made through this service, for synchronous lookups. */
  private cached: StoredImage[] = [];

  constructor(private readonly deps: ImageServiceDeps) {
    this.remover = new ImageRemover(deps, {
      find: (ref) => this.find(ref),
      chainIdsOf: (img) => this.chainIdsOf(img),
    });
    void this.refreshCache().catch(() => undefined);
  }

  /** Docker's `POST /images/create?fromSrc=-`: a rootfs tar (plain or gzip) becomes a one-layer image. */
  importTarball(body: AsyncIterable<Buffer>, opts: ImportOptions): Promise<ImageRecord> {
    return this.lock.shared(() => this.importLocked(body, opts));
  }

  private async importLocked(body: AsyncIterable<Buffer>, opts: ImportOptions): Promise<ImageRecord> {
    const { content, snapshots, store } = this.deps;
    const signal = opts.signal;
    const platform = opts.platform ? parsePlatform(opts.platform) : hostPlatform();
    const runConfig = applyConfigChanges({}, opts.changes);
    const name = opts.repo ? importName(opts.repo, opts.tag) : undefined;

    const layer = await ingestLayer(content, body, signal ? { signal } : {});
    await unpackLayers(content, snapshots, [{ blob: layer.blob, diffId: layer.diffId }], signal ? { signal } : {});

    const created = this.now().toISOString();
    const comment = opts.message || 'Imported from -';
    const config: OciImageConfig = {
      created,
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: runConfig,
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created, comment }],
      comment,
    };
    const configBlob = await this.writeJson(config, signal);
    const manifest: OciManifest = {
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: { mediaType: MediaTypes.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers: [layer.blob],
    };
    const manifestBlob = await this.writeJson(manifest, signal);
    const id = configBlob.digest;
    this.configs.set(id, config);
    await store.put(id, { mediaType: MediaTypes.ociManifest, digest: manifestBlob.digest, size: manifestBlob.size });
    if (name) await store.tag(formatReference(name), id);
    await this.refreshCache();
    this.emit('import', id, { name: id, ...runConfig.Labels });
    if (name) this.emit('tag', id, { name: familiarString(name) });
    return this.toRecord((await store.get(id))!);
  }

  /** Docker's commit: a child of image `parentId` with one more layer (or none) and a new config; tagged if `repo`. */
  commit(opts: CommitImageOptions): Promise<ImageRecord> {
    return this.lock.shared(async () => {
      const parent = await this.deps.store.get(opts.parentId);
      if (!parent) throw notFound(`No such image: ${opts.parentId}`);
      const made = await commitImage(this.deps, parent, await this.config(parent.id), opts, this.now());
      this.configs.set(made.id, made.config);
      if (made.name) await this.deps.store.tag(formatReference(made.name), made.id);
      await this.refreshCache();
      if (made.name) this.emit('tag', made.id, { name: familiarString(made.name) });
      return this.toRecord((await this.deps.store.get(made.id))!);
    });
  }

  /**
   * Images newest first, filtered as `GET /images/json` does. Without `all`, untagged parents of
   * other images (what `docker commit` leaves when its base loses its tag) are hidden, as Docker
   * hides intermediate images; they are not dangling either.
   */
  async list(opts: { all?: boolean; filters?: ImageListFilters } = {}): Promise<ImageRecord[]> {
    const f = opts.filters ?? {};
    const bounds: TimeBounds = {};
    const now = this.now().getTime();
    for (const b of f.before ?? []) bounds.before = Math.min(bounds.before ?? Infinity, Date.parse((await this.resolve(b)).created));
    for (const s of f.since ?? []) bounds.since = Math.max(bounds.since ?? -Infinity, Date.parse((await this.resolve(s)).created));
    for (const u of f.until ?? []) bounds.until = Math.min(bounds.until ?? Infinity, parseTimestamp(u, now));
    const out: ImageRecord[] = [];
    const stored = await this.deps.store.list();
    const parents = new Set(stored.map((img) => img.parent).filter((p) => p !== undefined));
    for (const img of stored) {
      const rec = await this.toRecord(img);
      const intermediate = rec.repoTags.length === 0 && parents.has(img.id);
      if (intermediate && (!opts.all || f.dangling === true)) continue;
      if (matchesFilters(rec, f, bounds)) out.push(rec);
    }
    const time = (r: ImageRecord) => Date.parse(r.created) || 0;
    return out.sort((a, b) => time(b) - time(a) || a.id.localeCompare(b.id));
  }

  /**
   * An image by full or short id (with or without `sha256:`), `name`, `name:tag`
   * or `name@digest`. `not_found` with Docker's "No such image: X".
   */
  async resolve(refOrId: string): Promise<ImageRecord> {
    return this.toRecord(await this.find(refOrId));
  }

  /**
   * The image id `refOrId` names, synchronously, from the images as of the last
   * change made through this service; undefined if none (or not loaded yet).
   */
  resolveCached(refOrId: string): Digest | undefined {
    try {
      return findImage(this.cached, refOrId).id;
    } catch {
      return undefined;
    }
  }

  /** Docker's `POST /images/{name}/tag`: returns the familiar name given, e.g. `app:v1`. */
  async tag(refOrId: string, repo: string, tag?: string): Promise<string> {
    let ref = parseReference(repo);
    if (ref.digest) throw invalidArgument('refusing to create a tag with a digest reference');
    ref = tag ? withTag(ref, tag) : withDefaultTag(ref);
    if (familiarName(ref) === 'sha256') throw invalidArgument('refusing to create an ambiguous tag using digest algorithm as name');
    const img = await this.find(refOrId);
    await this.deps.store.tag(formatReference(ref), img.id);
    await this.refreshCache();
    this.emit('tag', img.id, { name: familiarString(ref) });
    return familiarString(ref);
  }

  /** Docker's `DELETE /images/{name}`, with its untag/delete/conflict semantics. */
  remove(refOrId: string, opts: RemoveOptions): Promise<ImageDeleteItem[]> {
    return this.lock.exclusive(async () => {
      const { id } = await this.find(refOrId);
      const items = await this.remover.remove(refOrId, opts).finally(() => this.refreshCache());
      this.emitRemoval(id, items);
      return items;
    });
  }

  /** Removes unused images: untagged ones (`dangling`, Docker's default) or all unused. */
  prune(opts: { dangling?: boolean; inUseBy: ImageUsageLookup; filters?: Pick<ImageListFilters, 'label' | 'until'> }): Promise<{ deleted: ImageDeleteItem[]; spaceReclaimed: number }> {
    return this.lock.exclusive(() => this.pruneLocked(opts));
  }

  private async pruneLocked(opts: { dangling?: boolean; inUseBy: ImageUsageLookup; filters?: Pick<ImageListFilters, 'label' | 'until'> }): Promise<{ deleted: ImageDeleteItem[]; spaceReclaimed: number }> {
    const candidates = await this.list({ filters: { ...opts.filters, ...(opts.dangling !== false ? { dangling: true } : {}) } });
    const deleted: ImageDeleteItem[] = [];
    let spaceReclaimed = 0;
    try {
      for (const rec of candidates) {
        // A parent of committed images is not unused: Docker prunes only images without children.
        if (opts.inUseBy(rec.id) || (await this.remover.hasChildren(rec.id))) continue;
        const r = await this.remover.removeUnused(rec.id);
        this.emitRemoval(rec.id, r.items);
        deleted.push(...r.items);
        spaceReclaimed += r.reclaimed;
      }
    } finally {
      await this.refreshCache();
    }
    this.deps.events?.publish({ type: 'image', action: 'prune', id: '', attributes: { reclaimed: String(spaceReclaimed) } });
    return { deleted, spaceReclaimed };
  }

  /** `docker history`: newest first; the newest line carries the image id and tags. */
  async history(refOrId: string): Promise<ImageHistoryEntry[]> {
    const rec = await this.resolve(refOrId);
    const out: ImageHistoryEntry[] = [];
    let layer = 0;
    for (const h of rec.config.history ?? []) {
      let size = 0;
      if (!h.empty_layer) {
        const chainId = rec.chainIds[layer++];
        if (chainId) size = await this.snapshotSize(chainId);
      }
      out.push({ created: h.created ?? '', createdBy: h.created_by ?? '', tags: [], size, comment: h.comment ?? '' });
    }
    out.reverse();
    if (out[0]) Object.assign(out[0], { id: rec.id, tags: rec.repoTags });
    return out;
  }

  /** A container's writable layer (active snapshot `containerKey`) over the image's filesystem. */
  prepareContainerRootfs(containerKey: string, imageId: Digest): Promise<Mount[]> {
    return this.lock.shared(async () => {
      const img = await this.deps.store.get(imageId);
      if (!img) throw notFound(`No such image: ${imageId}`);
      const chain = await this.chainIdsOf(img);
      return this.deps.snapshots.prepare(containerKey, chain[chain.length - 1] ?? '', { labels: { 'berth.image.id': imageId } });
    });
  }

  /** Removes a container's writable layer (unmount it first). Absent is fine: safe to repeat. */
  async removeContainerRootfs(containerKey: string): Promise<void> {
    try {
      await this.deps.snapshots.remove(containerKey);
    } catch (err) {
      if (!EngineError.is(err, 'not_found')) throw err;
    }
  }

  /** The directory holding a container's changes (overlay upperdir), for diff and commit. */
  async containerUpperDir(containerKey: string): Promise<string> {
    const d = await this.deps.snapshots.describe(containerKey);
    if (!d.upperDir) throw internal(`snapshot driver ${this.deps.snapshots.driver} has no upper directory for ${containerKey}`);
    return d.upperDir;
  }

  /**
   * Boot-time reconcile: drops blobs and layer snapshots no image refers to (left by
   * a crash mid-import or mid-remove) and unfinished unpacks. Run before serving.
   */
  garbageCollect(): Promise<{ blobs: number; snapshots: number }> {
    return this.lock.exclusive(async () => {
      await this.refreshCache();
      return this.remover.garbageCollect();
    });
  }

  /**
   * Boot-time reconcile with the containers known to exist: also drops active
   * snapshots (container layers) whose container is gone, then collects garbage.
   */
  collectSnapshots(liveContainerKeys: ReadonlySet<string>): Promise<void> {
    return this.lock.exclusive(async () => {
      await this.refreshCache();
      for (const s of await this.deps.snapshots.list()) {
        if (s.kind !== 'committed' && !liveContainerKeys.has(s.name)) await this.deps.snapshots.remove(s.name);
      }
      await this.remover.garbageCollect();
    });
  }

  private async find(refOrId: string): Promise<StoredImage> {
    return findImage(await this.deps.store.list(), refOrId);
  }

  private async refreshCache(): Promise<void> {
    this.cached = await this.deps.store.list();
  }

  private emit(action: string, id: Digest, attributes: Record<string, string>): void {
    this.deps.events?.publish({ type: 'image', action, id, attributes });
  }

  /** Docker logs `untag` per name removed and `delete` once the image itself is gone. */
  private emitRemoval(id: Digest, items: readonly ImageDeleteItem[]): void {
    for (const item of items) {
      if ('Untagged' in item) this.emit('untag', id, { name: id });
      else if (item.Deleted === id) this.emit('delete', id, { name: id });
    }
  }

  private async toRecord(img: StoredImage): Promise<ImageRecord> {
    const config = await this.config(img.id);
    const chain = chainIds(config.rootfs.diff_ids);
    let size = 0;
    for (const c of chain) size += await this.snapshotSize(c);
    const top = chain[chain.length - 1];
    const names = img.names.map((n) => parseReference(n));
    return {
      id: img.id,
      repoTags: names.filter((r) => r.tag !== undefined && r.digest === undefined).map(familiarString),
      repoDigests: names.filter((r) => r.digest !== undefined).map(familiarString),
      created: config.created ?? '',
      size,
      config,
      chainIds: chain,
      manifestDigest: img.manifest.digest,
      ...(config.comment !== undefined ? { comment: config.comment } : {}),
      ...(img.lastTagTime ? { lastTagTime: img.lastTagTime } : {}),
      ...(img.parent ? { parent: img.parent } : {}),
      storage: { driver: this.deps.snapshots.driver, data: top ? await this.describe(top) : {} },
    };
  }

  private async describe(chainId: Digest): Promise<Record<string, string>> {
    try {
      return await this.deps.snapshots.describe(chainId);
    } catch (err) {
      if (EngineError.is(err, 'not_found')) return {};
      throw err;
    }
  }

  /**
   * Bytes of content in a snapshot: an image layer (by chain id, measured once at commit) or a
   * container's writable layer (by its key, measured now). 0 if there is no such snapshot.
   */
  async snapshotSize(key: string): Promise<number> {
    try {
      return (await this.deps.snapshots.usage(key)).size;
    } catch (err) {
      if (EngineError.is(err, 'not_found')) return 0;
      throw err;
    }
  }

  private async chainIdsOf(img: StoredImage): Promise<Digest[]> {
    return chainIds((await this.config(img.id)).rootfs.diff_ids);
  }

  private async config(id: Digest): Promise<OciImageConfig> {
    let c = this.configs.get(id);
    if (!c) {
      c = await readJsonBlob<OciImageConfig>(this.deps.content, id);
      if (!c.rootfs || !Array.isArray(c.rootfs.diff_ids)) throw internal(`image config ${id} has no rootfs.diff_ids`);
      this.configs.set(id, c);
    }
    return c;
  }

  private writeJson(doc: unknown, signal?: AbortSignal): Promise<{ digest: Digest; size: number }> {
    return writeBlob(this.deps.content, Buffer.from(JSON.stringify(doc)), signal ? { signal } : {});
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** Docker's RepoTagReference: `repo` normalized, `tag` (or `latest`) applied; digests refused. */
function importName(repo: string, tag?: string): ImageReference {
  const ref = parseReference(repo);
  if (ref.digest) throw invalidArgument('cannot import digest reference');
  return tag ? withTag(ref, tag) : withDefaultTag(ref);
}
