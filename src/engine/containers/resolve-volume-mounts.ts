import { posix } from 'node:path';
import type { HostSettings, UserMount } from '../../core/container.js';
import { EngineError } from '../../core/engine-error.js';
import type { VolumePort } from './ports.js';

const clean = (p: string) => posix.normalize(p).replace(/(.)\/+$/, '$1');

/**
 * The container's volume mounts, made concrete at create: each `-v name:/path` or
 * `--mount type=volume` gets its volume (created if missing; no name means a new anonymous one),
 * and each `VOLUME` of the image or `-v /path` (`config.volumes`) that no other mount or tmpfs
 * covers gets an anonymous volume, as in Docker. Returns the mounts and the anonymous volumes
 * made, so a failed create can remove them again.
 */
export async function resolveVolumeMounts(volumes: VolumePort | undefined, host: HostSettings, configVolumes: string[]):
  Promise<{ mounts: UserMount[]; anonymous: string[] }> {
  const taken = new Set([...host.mounts.map((m) => clean(m.target)), ...Object.keys(host.tmpfs).map(clean)]);
  const wanted: UserMount[] = [...host.mounts];
  for (const target of configVolumes) {
    if (taken.has(clean(target))) continue;
    taken.add(clean(target));
    wanted.push({ type: 'volume', source: '', target, readOnly: false, options: [] });
  }
  const anonymous: string[] = [];
  const mounts: UserMount[] = [];
  try {
    for (const m of wanted) {
      if (m.type !== 'volume') { mounts.push(m); continue; }
      if (!volumes) throw new EngineError('not_implemented', 'volumes are not supported by this engine');
      const name = m.volumeName ?? m.source;
      const vol = await volumes.forMount(name || undefined, m.volumeOptions);
      if (!name) anonymous.push(vol.name);
      mounts.push({ ...m, source: vol.mountpoint, volumeName: vol.name });
    }
  } catch (err) {
    await volumes?.removeAnonymous(anonymous).catch(() => undefined);
    throw err;
  }
  return { mounts, anonymous };
}

/** Names of the volumes a container mounts. */
export function volumeNamesOf(mounts: UserMount[]): string[] {
  return mounts.flatMap((m) => (m.type === 'volume' && m.volumeName ? [m.volumeName] : []));
}
