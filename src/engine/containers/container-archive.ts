import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import { EngineError, invalidArgument, notFound } from '../../core/engine-error.js';
import { resolveScopedPath } from '../../archive/scoped-path.js';
import { writeTree } from '../../archive/write-tree.js';
import { type ExtractOptions, extractIntoContainer } from './container-archive-extract.js';
import { leaseRootfs, type RootfsLease } from './container-archive-rootfs.js';
import { leasedTarStream } from './container-archive-stream.js';
import type { ContainerContext } from './container-context.js';

/** What `HEAD /containers/{id}/archive` reports about a path (POSIX mode bits). */
export interface ContainerPathStat {
  name: string;
  size: number;
  mode: number;
  mtime: Date;
  /** For a symlink, the path inside the container it finally resolves to; '' otherwise. */
  linkTarget: string;
}

/**
 * `docker cp` on the engine side: stat, tar out, and extract into a container's filesystem.
 * Every request path is resolved inside the container root (see resolveScopedPath), so a
 * container's symlinks can't point the daemon at host files.
 */
export class ContainerArchive {
  constructor(private readonly ctx: ContainerContext) {}

  async stat(ref: string, p: string): Promise<ContainerPathStat> {
    const rec = this.ctx.store.get(ref);
    const lease = await leaseRootfs(this.ctx, rec);
    try {
      return (await this.statIn(rec, lease, p)).stat;
    } finally {
      await lease.release();
    }
  }

  /** The stat of `p` and a tar of it named after its last component (a directory with its tree). */
  async read(ref: string, p: string, signal?: AbortSignal): Promise<{ stat: ContainerPathStat; body: AsyncIterable<Buffer> }> {
    const rec = this.ctx.store.get(ref);
    const lease = await leaseRootfs(this.ctx, rec);
    try {
      const { stat, host } = await this.statIn(rec, lease, p);
      const name = stat.name === '/' ? '.' : stat.name;
      return { stat, body: leasedTarStream(lease, (w) => writeTree(w, host, name, signal)) };
    } catch (err) {
      await lease.release();
      throw err;
    }
  }

  /**
   * Extracts the tar `body` into directory `p` of the container (which must exist). Entries
   * that climb out with `..`, go through symlinked directories or hardlink outside are refused.
   */
  async extract(ref: string, p: string, body: AsyncIterable<Uint8Array>, opts: ExtractOptions): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (rec.host.readonlyRootfs) throw new EngineError('permission_denied', 'container rootfs is marked read-only');
    const lease = await leaseRootfs(this.ctx, rec);
    try {
      const dir = await resolveScopedPath(lease.root, p, { followFinal: true });
      const st = await lstatIn(rec, dir.host, p);
      if (!st.isDirectory()) throw invalidArgument('extraction point is not a directory');
      await extractIntoContainer(lease.root, dir, body, opts);
    } finally {
      await lease.release();
    }
  }

  private async statIn(rec: ContainerRecord, lease: RootfsLease, p: string): Promise<{ stat: ContainerPathStat; host: string }> {
    const resolved = await resolveScopedPath(lease.root, p, { followFinal: false });
    const st = await lstatIn(rec, resolved.host, p);
    let linkTarget = '';
    if (st.isSymbolicLink()) linkTarget = (await resolveScopedPath(lease.root, resolved.inner, { followFinal: true })).inner;
    const clean = path.posix.resolve('/', p);
    return {
      stat: { name: clean === '/' ? '/' : path.posix.basename(clean), size: st.size, mode: st.mode, mtime: st.mtime, linkTarget },
      host: resolved.host,
    };
  }
}

async function lstatIn(rec: ContainerRecord, host: string, p: string): Promise<Stats> {
  try {
    return await lstat(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(`Could not find the file ${p} in container ${rec.name}`);
    throw err;
  }
}
