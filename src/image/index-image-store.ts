import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Descriptor, MediaTypes } from '../core/descriptor.js';
import { type Digest, isDigest } from '../core/digest.js';
import { internal, notFound } from '../core/engine-error.js';
import { writeFileAtomic } from '../sys/atomic-file.js';
import { AsyncMutex } from '../sys/async-mutex.js';
import type { ImageStore, StoredImage } from './image-store.js';

const ANN_ID = 'io.berth.image.id';
const ANN_NAME = 'io.containerd.image.name';
const ANN_REF = 'org.opencontainers.image.ref.name';
const ANN_TAG_TIME = 'io.berth.image.last-tag-time';
const ANN_PARENT = 'io.berth.image.parent';

interface IndexFile {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
}

/**
 * An ImageStore kept in `<root>/index.json`, an OCI image index as in an OCI image
 * layout: one manifest entry per (image, name) with the name in annotations, and
 * one unnamed entry for a dangling image. The whole file is rewritten atomically
 * (temp, fsync, rename) on every change; an in-memory copy serves reads.
 */
export class IndexImageStore implements ImageStore {
  private readonly lock = new AsyncMutex();

  private constructor(
    private readonly file: string,
    private images: Map<Digest, StoredImage>,
  ) {}

  static async open(root: string): Promise<IndexImageStore> {
    await mkdir(root, { recursive: true });
    const file = path.join(root, 'index.json');
    let index: IndexFile | undefined;
    try {
      index = JSON.parse(await readFile(file, 'utf8')) as IndexFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw internal(`cannot read image index ${file}`, { cause: err });
    }
    return new IndexImageStore(file, index ? fromIndex(index) : new Map());
  }

  async list(): Promise<StoredImage[]> {
    return [...this.images.values()].map(copy);
  }

  async get(id: Digest): Promise<StoredImage | undefined> {
    const img = this.images.get(id);
    return img && copy(img);
  }

  async lookup(name: string): Promise<StoredImage | undefined> {
    for (const img of this.images.values()) if (img.names.includes(name)) return copy(img);
    return undefined;
  }

  put(id: Digest, manifest: Descriptor, opts: { parent?: Digest } = {}): Promise<void> {
    return this.mutate((m) => {
      if (!m.has(id)) m.set(id, { id, manifest: { ...manifest }, names: [], ...(opts.parent ? { parent: opts.parent } : {}) });
    });
  }

  tag(name: string, id: Digest): Promise<Digest | undefined> {
    return this.mutate((m) => {
      const target = m.get(id);
      if (!target) throw notFound(`No such image: ${id}`);
      let previous: Digest | undefined;
      for (const img of m.values()) {
        if (img.names.includes(name)) {
          previous = img.id;
          img.names = img.names.filter((n) => n !== name);
        }
      }
      target.names.push(name);
      target.lastTagTime = new Date().toISOString();
      return previous;
    });
  }

  untag(name: string): Promise<Digest | undefined> {
    return this.mutate((m) => {
      for (const img of m.values()) {
        if (img.names.includes(name)) {
          img.names = img.names.filter((n) => n !== name);
          return img.id;
        }
      }
      return undefined;
    });
  }

  delete(id: Digest): Promise<void> {
    return this.mutate((m) => {
      m.delete(id);
    });
  }

  /** Applies `change` to a copy, persists it, then swaps it in: readers never see a half state. */
  private mutate<T>(change: (images: Map<Digest, StoredImage>) => T): Promise<T> {
    return this.lock.run(async () => {
      const draft = new Map([...this.images].map(([k, v]) => [k, copy(v)]));
      const result = change(draft);
      await writeFileAtomic(this.file, `${JSON.stringify(toIndex(draft), null, 1)}\n`);
      this.images = draft;
      return result;
    });
  }
}

function copy(img: StoredImage): StoredImage {
  return { ...img, manifest: { ...img.manifest }, names: [...img.names] };
}

function toIndex(images: Map<Digest, StoredImage>): IndexFile {
  const manifests: Descriptor[] = [];
  for (const img of images.values()) {
    const base = { mediaType: img.manifest.mediaType, digest: img.manifest.digest, size: img.manifest.size };
    const common: Record<string, string> = { [ANN_ID]: img.id };
    if (img.lastTagTime) common[ANN_TAG_TIME] = img.lastTagTime;
    if (img.parent) common[ANN_PARENT] = img.parent;
    if (img.names.length === 0) manifests.push({ ...base, annotations: common });
    for (const name of img.names) {
      const ref = /:([\w][\w.-]*)$/.exec(name.split('/').pop() ?? '')?.[1];
      manifests.push({ ...base, annotations: { ...common, [ANN_NAME]: name, ...(ref && !name.includes('@') ? { [ANN_REF]: ref } : {}) } });
    }
  }
  return { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests };
}

function fromIndex(index: IndexFile): Map<Digest, StoredImage> {
  const out = new Map<Digest, StoredImage>();
  for (const d of index.manifests ?? []) {
    const id = d.annotations?.[ANN_ID];
    if (!id || !isDigest(id)) continue;
    let img = out.get(id);
    if (!img) {
      img = { id, manifest: { mediaType: d.mediaType, digest: d.digest, size: d.size }, names: [] };
      out.set(id, img);
    }
    const name = d.annotations?.[ANN_NAME];
    if (name && !img.names.includes(name)) img.names.push(name);
    const t = d.annotations?.[ANN_TAG_TIME];
    if (t) img.lastTagTime = t;
    const parent = d.annotations?.[ANN_PARENT];
    if (parent && isDigest(parent)) img.parent = parent;
  }
  return out;
}
