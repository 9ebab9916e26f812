import { posix } from 'node:path';
import type { HostSettings, UserMount } from '../../../core/container.js';
import { invalidArgument } from '../../../core/engine-error.js';
import { DEFAULT_SHM_SIZE } from '../default-spec.js';
import type { SpecMount } from '../runtime-spec.js';
import { parseSecurityOptions } from '../security-options.js';
import type { SpecOpt } from '../spec-opt.js';
import { tmpfsOptions } from '../tmpfs-options.js';

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/** Default mounts a read-only rootfs leaves writable, as Docker does. */
const WRITABLE_WITH_READONLY_ROOTFS = new Set(['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue']);

function destination(target: string): string {
  if (!target.startsWith('/')) throw invalidArgument(`invalid mount config: mount path must be absolute: ${target}`);
  const clean = posix.normalize(target).replace(/\/+$/, '');
  if (clean === '') throw invalidArgument("invalid mount config: destination can't be '/'");
  return clean;
}

const depth = (p: string) => p.split('/').length;

/** Bind (or volume, whose source the engine has resolved to a host path) or tmpfs. */
function fromUserMount(m: UserMount, rootfsPropagation: { value?: string }): SpecMount {
  const dest = destination(m.target);
  if (m.type === 'tmpfs') {
    const opts = m.readOnly ? [...m.options, 'ro'] : m.options;
    return { destination: dest, type: 'tmpfs', source: 'tmpfs', options: tmpfsOptions(opts) };
  }
  if (!m.source.startsWith('/')) throw invalidArgument(`invalid mount config: bind source path must be absolute: ${m.source}`);
  const options = [m.options.includes('bind') ? 'bind' : 'rbind'];
  if (m.readOnly) options.push('ro');
  const propagation = m.options.find((o) => PROPAGATIONS.has(o)) ?? (m.type === 'bind' ? 'rprivate' : undefined);
  if (propagation) options.push(propagation);
  // The rootfs must propagate too for shared/slave binds to receive events (Docker does the same).
  const root = rootfsPropagation.value ?? '';
  if (propagation?.endsWith('shared') && !root.endsWith('shared')) rootfsPropagation.value = 'shared';
  if (propagation?.endsWith('slave') && !/(shared|slave)$/.test(root)) rootfsPropagation.value = 'rslave';
  return { destination: dest, type: 'bind', source: m.source, options };
}

/**
 * The user's `-v`/`--mount`/`--tmpfs` mounts as OCI mounts, checked (absolute paths, valid
 * tmpfs options, no duplicate destinations), and the rootfs propagation they need, if any.
 */
export function userMounts(host: HostSettings): { mounts: SpecMount[]; rootfsPropagation?: string } {
  const propagation: { value?: string } = {};
  const mounts: SpecMount[] = [
    ...host.mounts.map((m) => fromUserMount(m, propagation)),
    ...Object.entries(host.tmpfs).map(([target, opts]) => ({
      destination: destination(target),
      type: 'tmpfs',
      source: 'tmpfs',
      options: tmpfsOptions(opts ? [opts] : []),
    })),
  ];
  const seen = new Set<string>();
  for (const m of mounts) {
    if (seen.has(m.destination)) throw invalidArgument(`Duplicate mount point: ${m.destination}`);
    seen.add(m.destination);
  }
  return propagation.value ? { mounts, rootfsPropagation: propagation.value } : { mounts };
}

/**
 * All mounts, Docker's way: the defaults (minus any a user mount replaces, and everything
 * under /dev when the user mounts /dev), /dev/shm sized by `--shm-size`, the engine's
 * extra binds, the user's mounts; read-only rootfs and privileged adjustments; finally
 * sorted so every parent is mounted before its children.
 */
export const withMounts: SpecOpt = (spec, input) => {
  const { host } = input;
  const { mounts: user, rootfsPropagation } = userMounts(host);
  const seen = new Set(user.map((m) => m.destination));

  const extra: SpecMount[] = input.extraMounts
    .map((m) => ({ destination: destination(m.target), type: m.type, source: m.source, options: [...m.options] }))
    .filter((m) => !seen.has(m.destination));
  for (const m of extra) seen.add(m.destination);

  const devReplaced = seen.has('/dev');
  const defaults = spec.mounts
    .filter((m) => !seen.has(m.destination) && !(devReplaced && m.destination.startsWith('/dev/')))
    .map((m) => ({ ...m, options: [...m.options] }));
  const shm = defaults.find((m) => m.destination === '/dev/shm');
  if (shm && host.ipcMode === 'host') {
    // Sharing the host's IPC namespace includes its POSIX shared memory, as Docker does.
    Object.assign(shm, { type: 'bind', source: '/dev/shm', options: ['rbind', 'nosuid', 'noexec', 'nodev'] });
  } else if (shm) shm.options.push(`size=${host.shmSize > 0 ? host.shmSize : DEFAULT_SHM_SIZE}`);

  if (host.readonlyRootfs) {
    for (const m of defaults) {
      if (!WRITABLE_WITH_READONLY_ROOTFS.has(m.destination) && !m.options.includes('ro')) m.options.push('ro');
    }
    for (const m of extra) if (!m.options.includes('rw') && !m.options.includes('ro')) m.options.push('ro');
  }

  const writableCgroups = parseSecurityOptions(host.securityOpt).writableCgroups ?? host.privileged;
  for (const m of defaults) {
    if ((host.privileged && m.destination === '/sys') || (writableCgroups && m.type === 'cgroup')) {
      m.options = m.options.filter((o) => o !== 'ro');
    }
  }

  // Array.prototype.sort is stable: mounts of equal depth keep the order above.
  spec.mounts = [...defaults, ...extra, ...user].sort((a, b) => depth(a.destination) - depth(b.destination));
  if (rootfsPropagation) spec.linux.rootfsPropagation = rootfsPropagation;
};
