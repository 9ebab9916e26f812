import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Mount } from '../../core/mount.js';
import { conflict, EngineError, invalidArgument, notFound } from '../../core/engine-error.js';
import { applyLayer } from '../../archive/apply-layer.js';
import { AsyncMutex } from '../../sys/async-mutex.js';
import type {
  AppliedLayer,
  SnapshotInfo,
  SnapshotKind,
  SnapshotOptions,
  Snapshotter,
  SnapshotUsage,
} from '../snapshotter.js';
import { measureUsage } from './measure-usage.js';
import { type SnapshotRecord, SnapshotMetadata } from './snapshot-metadata.js';

const OVERLAYFS_SUPER_MAGIC = 0x794c7630;

/**
 * Snapshots as overlayfs layers. On disk, under `root`:
 *
 *   metadata.json          every snapshot's record (atomically replaced)
 *   snapshots/<id>/fs      the layer's files: an overlay upperdir while active,
 *                          a lowerdir once committed
 *   snapshots/<id>/work    overlay's workdir (active snapshots only)
 *
 * Directories are created under a temporary name and renamed into place before
 * the metadata names them; removal updates the metadata first and deletes the
 * directory after. So a crash leaves at worst an unreferenced directory, which
 * `cleanup()` removes, and never a record without its data.
 * `root` must be on a filesystem that can hold an overlay upperdir (ext4, xfs).
 */
export class OverlaySnapshotter implements Snapshotter {
  readonly driver = 'overlayfs';
  private readonly lock = new AsyncMutex();

  private constructor(
    private readonly root: string,
    private readonly meta: SnapshotMetadata,
  ) {}

  static async open(root: string): Promise<OverlaySnapshotter> {
    await mkdir(path.join(root, 'snapshots'), { recursive: true, mode: 0o700 });
    if ((await statfs(root)).type === OVERLAYFS_SUPER_MAGIC) {
      throw new EngineError('unavailable', `snapshot root ${root} is on overlayfs, which cannot hold overlay upper directories`, {
        hint: 'put the data root on ext4, xfs or tmpfs (e.g. a volume when running inside a container)',
      });
    }
    return new OverlaySnapshotter(root, await SnapshotMetadata.load(path.join(root, 'metadata.json')));
  }

  async stat(key: string): Promise<SnapshotInfo> {
    return toInfo(key, this.record(key));
  }

  async list(): Promise<SnapshotInfo[]> {
    return this.meta.entries().map(([k, r]) => toInfo(k, r));
  }

  async usage(key: string): Promise<SnapshotUsage> {
    const r = this.record(key);
    return r.usage ?? measureUsage(this.fsDir(r.id));
  }

  prepare(key: string, parent: string, opts: SnapshotOptions = {}): Promise<Mount[]> {
    return this.create('active', key, parent, opts);
  }

  view(key: string, parent: string, opts: SnapshotOptions = {}): Promise<Mount[]> {
    return this.create('view', key, parent, opts);
  }

  async mounts(key: string): Promise<Mount[]> {
    const r = this.record(key);
    if (r.kind === 'committed') throw invalidArgument(`snapshot ${key} is committed: only active snapshots and views have mounts`);
    return this.mountsFor(r);
  }

  async commit(name: string, key: string, opts: SnapshotOptions = {}): Promise<void> {
    // Measuring walks the whole layer: do it before taking the lock.
    const pre = this.record(key);
    if (pre.kind !== 'active') throw invalidArgument(`snapshot ${key} is a ${pre.kind} snapshot; only active ones can be committed`);
    const usage = await measureUsage(this.fsDir(pre.id));
    await this.lock.run(async () => {
      const r = this.record(key);
      if (r.id !== pre.id || r.kind !== 'active') throw conflict(`snapshot ${key} changed while committing`);
      if (this.meta.get(name)) throw conflict(`snapshot ${name} already exists`);
      const now = new Date().toISOString();
      await this.meta.update((d) => {
        delete d.snapshots[key];
        d.snapshots[name] = {
          id: r.id,
          kind: 'committed',
          ...(r.parent !== undefined ? { parent: r.parent } : {}),
          labels: { ...r.labels, ...opts.labels },
          created: now,
          updated: now,
          usage,
        };
      });
    });
    // A committed layer is only ever a lowerdir; its workdir is dead weight.
    await rm(this.workDir(pre.id), { recursive: true, force: true });
  }

  async remove(key: string): Promise<void> {
    const id = await this.lock.run(async () => {
      const r = this.record(key);
      const child = this.meta.entries().find(([, c]) => c.parent === key);
      if (child) throw conflict(`snapshot ${key} has dependent snapshot ${child[0]}`);
      await this.meta.update((d) => {
        delete d.snapshots[key];
      });
      return r.id;
    });
    await this.removeDir(String(id));
  }

  async applyLayer(key: string, tar: AsyncIterable<Buffer>, opts: { signal?: AbortSignal } = {}): Promise<AppliedLayer> {
    const r = this.record(key);
    if (r.kind !== 'active') throw invalidArgument(`snapshot ${key} is a ${r.kind} snapshot; layers are applied to active ones`);
    const parents = this.parentChain(r).map((p) => this.fsDir(p.id));
    return applyLayer(tar, this.applyDir(key), { parents, ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  /** The writable `fs` directory of active snapshot `key` (its overlay upperdir). */
  applyDir(key: string): string {
    const r = this.record(key);
    if (r.kind !== 'active') throw invalidArgument(`snapshot ${key} is not active`);
    return this.fsDir(r.id);
  }

  async describe(key: string): Promise<Record<string, string>> {
    const r = this.record(key);
    const lowers = this.parentChain(r).map((p) => this.fsDir(p.id));
    return {
      upperDir: this.fsDir(r.id),
      workDir: this.workDir(r.id),
      ...(lowers.length > 0 ? { lowerDir: lowers.join(':') } : {}),
    };
  }

  async cleanup(): Promise<void> {
    await this.lock.run(async () => {
      const live = new Set(this.meta.entries().map(([, r]) => String(r.id)));
      for (const name of await readdir(path.join(this.root, 'snapshots'))) {
        if (!live.has(name)) await this.removeDir(name);
      }
      for (const name of await readdir(this.root)) {
        if (name.startsWith('.metadata.json.tmp-')) await rm(path.join(this.root, name), { force: true });
      }
    });
  }

  private async create(kind: SnapshotKind, key: string, parent: string, opts: SnapshotOptions): Promise<Mount[]> {
    opts.signal?.throwIfAborted();
    if (key === '') throw invalidArgument('snapshot key must not be empty');
    return this.lock.run(async () => {
      if (this.meta.get(key)) throw conflict(`snapshot ${key} already exists`);
      if (parent !== '') {
        const p = this.meta.get(parent);
        if (!p) throw notFound(`parent snapshot ${parent} not found`);
        if (p.kind !== 'committed') throw invalidArgument(`parent snapshot ${parent} is not committed`);
      }
      const id = this.meta.peekNextId();
      const tmp = path.join(this.root, 'snapshots', `new-${randomBytes(6).toString('hex')}`);
      await mkdir(path.join(tmp, 'fs'), { recursive: true, mode: 0o755 });
      await mkdir(path.join(tmp, 'work'), { mode: 0o700 });
      // A crash after an earlier rename but before its metadata write leaves this id's dir behind.
      await rm(this.snapshotDir(id), { recursive: true, force: true });
      await rename(tmp, this.snapshotDir(id));
      const now = new Date().toISOString();
      const record: SnapshotRecord = {
        id,
        kind,
        ...(parent !== '' ? { parent } : {}),
        labels: { ...opts.labels },
        created: now,
        updated: now,
      };
      try {
        await this.meta.update((d) => {
          d.nextId = id + 1;
          d.snapshots[key] = record;
        });
      } catch (err) {
        await rm(this.snapshotDir(id), { recursive: true, force: true });
        throw err;
      }
      return this.mountsFor(record);
    });
  }

  private mountsFor(r: SnapshotRecord): Mount[] {
    const lowers = this.parentChain(r).map((p) => this.fsDir(p.id));
    if (r.kind === 'view') {
      if (lowers.length === 0) return [bind(this.fsDir(r.id), true)];
      if (lowers.length === 1) return [bind(lowers[0]!, true)];
      return [{ type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${lowers.join(':')}`, 'index=off', 'ro'] }];
    }
    if (lowers.length === 0) return [bind(this.fsDir(r.id), false)];
    return [{
      type: 'overlay',
      source: 'overlay',
      target: '',
      options: [`lowerdir=${lowers.join(':')}`, `upperdir=${this.fsDir(r.id)}`, `workdir=${this.workDir(r.id)}`, 'index=off'],
    }];
  }

  /** Committed ancestors, nearest first. */
  private parentChain(r: SnapshotRecord): SnapshotRecord[] {
    const out: SnapshotRecord[] = [];
    for (let p = r.parent; p !== undefined; ) {
      const pr = this.meta.get(p);
      if (!pr) throw notFound(`parent snapshot ${p} not found`);
      out.push(pr);
      p = pr.parent;
    }
    return out;
  }

  private record(key: string): SnapshotRecord {
    const r = this.meta.get(key);
    if (!r) throw notFound(`snapshot ${key} not found`);
    return r;
  }

  private async removeDir(name: string): Promise<void> {
    const from = path.join(this.root, 'snapshots', name);
    const doomed = path.join(this.root, 'snapshots', `rm-${randomBytes(6).toString('hex')}`);
    try {
      await rename(from, doomed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  private snapshotDir(id: number): string {
    return path.join(this.root, 'snapshots', String(id));
  }

  private fsDir(id: number): string {
    return path.join(this.snapshotDir(id), 'fs');
  }

  private workDir(id: number): string {
    return path.join(this.snapshotDir(id), 'work');
  }
}

function bind(source: string, readOnly: boolean): Mount {
  return { type: 'bind', source, target: '', options: ['rbind', readOnly ? 'ro' : 'rw'] };
}

function toInfo(name: string, r: SnapshotRecord): SnapshotInfo {
  return {
    name,
    kind: r.kind,
    ...(r.parent !== undefined ? { parent: r.parent } : {}),
    labels: { ...r.labels },
    created: new Date(r.created),
    updated: new Date(r.updated),
  };
}
