import type { UserMount } from '../../core/container.js';
import { resolveInRoot } from '../../volume/resolve-in-root.js';
import type { VolumePort } from './ports.js';

/**
 * Before the runtime starts: Docker's copy-up of the image's content at each volume's
 * destination into the volume while the volume is still empty. Done at every start from the
 * mounted rootfs (an empty volume is filled at the first start that finds it empty).
 */
export async function copyUpVolumes(volumes: VolumePort | undefined, mounts: UserMount[], rootfs: string): Promise<void> {
  if (!volumes) return;
  for (const m of mounts) {
    if (m.type !== 'volume' || !m.volumeName || m.noCopy) continue;
    await volumes.copyUpIfEmpty(m.volumeName, await resolveInRoot(rootfs, m.target));
  }
}
