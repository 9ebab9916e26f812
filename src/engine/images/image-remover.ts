import type { Digest } from '../../core/digest.js';
import { conflict, EngineError, notFound } from '../../core/engine-error.js';
import { shortId } from '../../core/object-id.js';
import type { ContentStore } from '../../content/content-store.js';
import { readJsonBlob } from '../../content/read-blob.js';
import type { ImageStore, StoredImage } from '../../image/image-store.js';
import type { OciManifest } from '../../image/oci-image.js';
import { familiarString, formatReference, type ImageReference, parseReference, referenceName, withDefaultTag } from '../../image/reference.js';
import { UNPACK_KEY_PREFIX } from '../../image/unpack-layers.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';
import type { ImageDeleteItem, ImageUsageLookup } from './image-record.js';

interface Deps {
  content: ContentStore;
  snapshots: Snapshotter;
  store: ImageStore;
}

interface Lookup {
  find(refOrId: string): Promise<StoredImage>;
  chainIdsOf(img: StoredImage): Promise<Digest[]>;
}

interface RemoveOptions {
  force?: boolean;
  inUseBy: ImageUsageLookup;
  runningIn?: ImageUsageLookup;
}

/**
 * Removal with Docker's rules (daemon/images/image_delete.go), and the data
 * cleanup behind it. The record goes first (one atomic store write); layers and
 * blobs no other image needs go after, so a crash in between leaves only garbage,
 * which `garbageCollect` reclaims at boot.
 */
export class ImageRemover {
  private readonly manifests = new Map<Digest, OciManifest>();

  constructor(
    private readonly deps: Deps,
    private readonly lookup: Lookup,
  ) {}

  async remove(refOrId: string, opts: RemoveOptions): Promise<ImageDeleteItem[]> {
    const { store } = this.deps;
    const img = await this.lookup.find(refOrId);
    const id = img.id;
    const items: ImageDeleteItem[] = [];
    const refs = img.names.map((n) => parseReference(n));

    if (!isIdPrefix(id, refOrId)) {
      // A name was given: untag it; the image goes only if that was its last name.
      if (!opts.force && isSingleReference(refs)) {
        const user = opts.inUseBy(id);
        if (user) {
          throw conflict(`conflict: unable to remove repository reference "${refOrId}" (must force) - container ${shortId(user)} is using its referenced image ${shortId(id)}`);
        }
      }
      const given = parseReference(refOrId);
      const ref: ImageReference = given.digest ? { domain: given.domain, path: given.path, digest: given.digest } : withDefaultTag(given);
      if ((await store.untag(formatReference(ref))) !== id) throw notFound(`No such image: ${refOrId}`);
      items.push({ Untagged: familiarString(ref) });
      let remaining = refs.filter((r) => formatReference(r) !== formatReference(ref));
      // The last tag of a repository takes that repository's digest references with it.
      if (!ref.digest && !remaining.some((r) => !r.digest && referenceName(r) === referenceName(ref))) {
        for (const r of remaining.filter((x) => x.digest && referenceName(x) === referenceName(ref))) {
          await store.untag(formatReference(r));
          items.push({ Untagged: familiarString(r) });
        }
        remaining = remaining.filter((x) => !(x.digest && referenceName(x) === referenceName(ref)));
      }
      if (remaining.length > 0) return items;
      return this.deleteIfNoConflict(id, opts, items, true);
    }

    // An id was given: with a single name (or names of one repository), those go too.
    if (isSingleReference(refs)) {
      const c = this.findConflict(id, refs.length, opts, false, await this.hasChildren(id));
      if (c) throw conflict(c.message);
      for (const r of refs) {
        await store.untag(formatReference(r));
        items.push({ Untagged: familiarString(r) });
      }
    }
    return this.deleteIfNoConflict(id, opts, items, false);
  }

  /** Prune: untags and deletes an image the caller has found unused. */
  async removeUnused(id: Digest): Promise<{ items: ImageDeleteItem[]; reclaimed: number }> {
    const img = await this.deps.store.get(id);
    if (!img) return { items: [], reclaimed: 0 };
    const items: ImageDeleteItem[] = img.names.map((n) => ({ Untagged: familiarString(parseReference(n)) }));
    const r = await this.deleteImage(img);
    return { items: [...items, ...r.items], reclaimed: r.reclaimed };
  }

  /** Removes blobs, layer snapshots and unfinished unpacks that no image refers to. */
  async garbageCollect(): Promise<{ blobs: number; snapshots: number }> {
    const { content, snapshots } = this.deps;
    const keep = await this.referenced();
    let removedSnapshots = 0;
    for (const s of await snapshots.list()) {
      if (s.kind === 'active' && s.name.startsWith(UNPACK_KEY_PREFIX)) {
        await snapshots.remove(s.name);
        removedSnapshots++;
      }
    }
    // Childless unreferenced layers first; removing them may free their parents.
    for (let progress = true; progress; ) {
      progress = false;
      const all = await snapshots.list();
      const parents = new Set(all.map((s) => s.parent).filter((p): p is string => p !== undefined));
      for (const s of all) {
        if (s.kind !== 'committed' || keep.chains.has(s.name) || parents.has(s.name)) continue;
        await snapshots.remove(s.name);
        removedSnapshots++;
        progress = true;
      }
    }
    let removedBlobs = 0;
    for (const b of await content.list()) {
      if (keep.blobs.has(b.digest)) continue;
      await content.delete(b.digest).catch(ignoreNotFound);
      removedBlobs++;
    }
    await snapshots.cleanup();
    return { blobs: removedBlobs, snapshots: removedSnapshots };
  }

  private async deleteIfNoConflict(id: Digest, opts: RemoveOptions, items: ImageDeleteItem[], quiet: boolean): Promise<ImageDeleteItem[]> {
    const img = await this.deps.store.get(id);
    if (!img) return items;
    const c = this.findConflict(id, img.names.length, opts, !opts.force, await this.hasChildren(id));
    if (c) {
      // After untagging by name, an image kept alive by a container just stays, untagged.
      if (quiet && (img.names.length > 0 || c.used)) return items;
      throw conflict(c.message);
    }
    for (const n of img.names) {
      await this.deps.store.untag(n);
      items.push({ Untagged: familiarString(parseReference(n)) });
    }
    const r = await this.deleteImage(img);
    return [...items, ...r.items];
  }

  /** Whether an image committed from `id` exists (its Parent): `id` then stays, as in Docker. */
  async hasChildren(id: Digest): Promise<boolean> {
    return (await this.deps.store.list()).some((img) => img.parent === id);
  }

  /**
   * Docker's checkImageDeleteConflict: child images and running use are hard; names and stopped
   * use are soft. A parent kept by its children counts as used: untagging it by name then just
   * leaves it, untagged, as Docker does.
   */
  private findConflict(id: Digest, names: number, opts: RemoveOptions, checkReferences: boolean, hasChildren: boolean):
    { message: string; used: boolean } | undefined {
    const prefix = `conflict: unable to delete ${shortId(id)}`;
    if (hasChildren) return { message: `${prefix} (cannot be forced) - image has dependent child images`, used: true };
    const running = opts.runningIn?.(id);
    if (running) return { message: `${prefix} (cannot be forced) - image is being used by running container ${shortId(running)}`, used: true };
    if (opts.force) return undefined;
    if (checkReferences && names > 0) return { message: `${prefix} (must be forced) - image is referenced in multiple repositories`, used: false };
    const user = opts.inUseBy(id);
    if (user) return { message: `${prefix} (must be forced) - image is being used by stopped container ${shortId(user)}`, used: true };
    return undefined;
  }

  private async deleteImage(img: StoredImage): Promise<{ items: ImageDeleteItem[]; reclaimed: number }> {
    const { content, snapshots, store } = this.deps;
    const chain = await this.lookup.chainIdsOf(img);
    const manifest = await this.manifest(img.manifest.digest).catch(() => undefined);
    await store.delete(img.id);
    const keep = await this.referenced();
    const items: ImageDeleteItem[] = [{ Deleted: img.id }];
    let reclaimed = 0;
    for (const chainId of [...chain].reverse()) {
      if (keep.chains.has(chainId)) break;
      let size = 0;
      try {
        size = (await snapshots.usage(chainId)).size;
        await snapshots.remove(chainId);
      } catch (err) {
        if (EngineError.is(err, 'not_found')) continue;
        if (EngineError.is(err, 'conflict')) break; // a container's layer still builds on it
        throw err;
      }
      items.push({ Deleted: chainId });
      reclaimed += size;
    }
    for (const blob of [img.id, img.manifest.digest, ...(manifest?.layers ?? []).map((l) => l.digest)]) {
      if (!keep.blobs.has(blob)) await content.delete(blob).catch(ignoreNotFound);
    }
    return { items, reclaimed };
  }

  /** Every chain id and blob digest the recorded images need. */
  private async referenced(): Promise<{ chains: Set<string>; blobs: Set<string> }> {
    const chains = new Set<string>();
    const blobs = new Set<string>();
    for (const img of await this.deps.store.list()) {
      blobs.add(img.id);
      blobs.add(img.manifest.digest);
      for (const c of await this.lookup.chainIdsOf(img).catch(() => [])) chains.add(c);
      const m = await this.manifest(img.manifest.digest).catch(() => undefined);
      for (const l of m?.layers ?? []) blobs.add(l.digest);
    }
    return { chains, blobs };
  }

  private async manifest(digest: Digest): Promise<OciManifest> {
    let m = this.manifests.get(digest);
    if (!m) {
      m = await readJsonBlob<OciManifest>(this.deps.content, digest);
      this.manifests.set(digest, m);
    }
    return m;
  }
}

function ignoreNotFound(err: unknown): void {
  if (!EngineError.is(err, 'not_found')) throw err;
}

/** Docker's isImageIDPrefix: the text is (a prefix of) the id, with or without `sha256:`. */
function isIdPrefix(id: Digest, text: string): boolean {
  return text !== '' && (id.startsWith(text) || id.startsWith(`sha256:${text}`));
}

/** Docker's isSingleReference: one tag at most, and every name in one repository. */
function isSingleReference(refs: ImageReference[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  const repos = new Set<string>();
  let tagged: ImageReference | undefined;
  for (const r of refs) {
    if (r.digest) repos.add(referenceName(r));
    else if (!tagged) {
      tagged = r;
      repos.add(referenceName(r));
    } else return false;
  }
  return repos.size === 1 && repos.has(referenceName(tagged ?? refs[0]!));
}
