import { writeTree } from '../../archive/write-tree.js';
import { leaseRootfs } from './container-archive-rootfs.js';
import { leasedTarStream } from './container-archive-stream.js';
import type { ContainerContext } from './container-context.js';

/**
 * `docker export`: a tar of a container's whole merged filesystem, names relative to its root.
 * Like the archive endpoint it sees the rootfs mount only, not volumes or tmpfs inside it.
 */
export async function exportContainer(ctx: ContainerContext, ref: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
  const rec = ctx.store.get(ref);
  const lease = await leaseRootfs(ctx, rec);
  return leasedTarStream(lease, (w) => writeTree(w, lease.root, '', signal));
}
