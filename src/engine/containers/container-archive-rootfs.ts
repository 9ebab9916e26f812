import { mkdir, mkdtemp, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import { type ContainerContext, rootfsDir } from './container-context.js';

/** A container filesystem made readable on the host until `release()`. */
export interface RootfsLease {
  root: string;
  release(): Promise<void>;
}

const isUp = (rec: ContainerRecord) => rec.state.status === 'running' || rec.state.status === 'paused';

/**
 * Gives access to a container's merged filesystem. A running container's rootfs is already
 * mounted at rootfsDir; only that overlay is seen, not the bind mounts, volumes or tmpfs the
 * runtime set up inside the container's own mount namespace (Docker shows those; berth does not).
 * A stopped or created container's layers are mounted at a private directory, under the
 * container's lock so a start cannot race the temporary mount; the lock is held until release.
 */
export async function leaseRootfs(ctx: ContainerContext, rec: ContainerRecord): Promise<RootfsLease> {
  if (isUp(rec)) return { root: rootfsDir(ctx, rec.id), release: async () => undefined };
  return new Promise<RootfsLease>((resolve, reject) => {
    void ctx.locks.run(rec.id, async () => {
      if (isUp(rec)) {
        resolve({ root: rootfsDir(ctx, rec.id), release: async () => undefined });
        return;
      }
      const parent = join(ctx.execRoot, 'archive');
      await mkdir(parent, { recursive: true });
      const root = await mkdtemp(join(parent, `${rec.id.slice(0, 12)}-`));
      try {
        await ctx.mounts.mountAll(rec.rootfsMounts, root);
      } catch (err) {
        await rmdir(root).catch(() => undefined);
        throw err;
      }
      // Holds the lock until the caller is done with the mount.
      await new Promise<void>((done) => {
        let released = false;
        resolve({
          root,
          release: async () => {
            if (released) return;
            released = true;
            try {
              await ctx.mounts.unmount(root, { detach: true });
              await rmdir(root).catch(() => undefined);
            } finally {
              done();
            }
          },
        });
      });
    }).catch(reject);
  });
}
