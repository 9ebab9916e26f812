import { posix } from 'node:path';
import type { ContainerRecord, UserMount } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';

const clean = (p: string) => posix.normalize(p).replace(/(.)\/+$/, '$1');

/**
 * Docker's `--volumes-from CONTAINER[:ro|:rw]`: the other container's volume, bind and tmpfs
 * mounts at the same destinations. `ro` makes them read-only; `rw` (the default) keeps each
 * one's own mode, so a read-only mount stays read-only. Shared volumes are never copied up
 * into again. The container's own mounts win over imported ones at the same destination.
 * `find` throws not_found for an unknown container (a 404, as in Docker).
 */
export function withVolumesFrom(own: UserMount[], specs: readonly string[], find: (ref: string) => ContainerRecord): UserMount[] {
  const taken = new Set(own.map((m) => clean(m.target)));
  const imported = new Map<string, UserMount>();
  for (const spec of specs) {
    const { ref, readOnly } = parseVolumesFrom(spec);
    for (const m of find(ref).host.mounts) {
      if (taken.has(clean(m.target))) continue;
      imported.set(clean(m.target), { ...m, options: [...m.options], readOnly: m.readOnly || readOnly, ...(m.type === 'volume' ? { noCopy: true } : {}) });
    }
  }
  return [...imported.values(), ...own];
}

function parseVolumesFrom(spec: string): { ref: string; readOnly: boolean } {
  if (spec === '') throw invalidArgument('volumes-from specification cannot be an empty string');
  const colon = spec.indexOf(':');
  if (colon < 0) return { ref: spec, readOnly: false };
  const mode = spec.slice(colon + 1);
  const opts = mode.split(',');
  const rw = opts.filter((o) => o === 'ro' || o === 'rw');
  if (opts.some((o) => /^r?(private|shared|slave)$/.test(o))) throw invalidArgument(`invalid argument "${spec}": cannot set propagation with volumes-from`);
  if (rw.length > 1 || opts.some((o) => !['ro', 'rw', 'z', 'Z', 'nocopy'].includes(o))) throw invalidArgument(`invalid mode: ${mode}`);
  return { ref: spec.slice(0, colon), readOnly: rw[0] === 'ro' };
}
