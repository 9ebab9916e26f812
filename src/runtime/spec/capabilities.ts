import { invalidArgument } from '../../core/engine-error.js';

/** Every capability Linux defines, indexed by its bit number (capability.h order). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** Docker's default set (oci/caps/defaults.go), in Docker's order. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const ALL = 'ALL';

/**
 * `sys_admin`, `CAP_SYS_ADMIN` and `Sys_Admin` all name CAP_SYS_ADMIN; `all` is kept as ALL.
 * Unknown names, and names the daemon itself lacks, are rejected with Docker's messages.
 */
function normalize(names: string[], bounding: ReadonlySet<string>): string[] {
  return names.map((raw) => {
    const upper = raw.trim().toUpperCase();
    if (upper === ALL) return ALL;
    const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (!ALL_CAPABILITIES.includes(name)) throw invalidArgument(`unknown capability: "${name}"`);
    if (!bounding.has(name)) {
      throw invalidArgument(
        `capability not supported by your kernel or not available in the current environment: "${name}"`,
      );
    }
    return name;
  });
}

/**
 * The container's capability set from `--privileged`, `--cap-add` and `--cap-drop`, as Docker
 * computes it: privileged gets everything the daemon's bounding set holds (not a fixed list);
 * `--cap-add ALL` starts from that set minus drops; `--cap-drop ALL` keeps only the adds.
 */
export function resolveCapabilities(
  host: { privileged: boolean; capAdd: string[]; capDrop: string[] },
  boundingCapabilities: readonly string[],
): string[] {
  const bounding = new Set(boundingCapabilities);
  const available = ALL_CAPABILITIES.filter((c) => bounding.has(c));
  if (host.privileged) return available;
  const defaults = DEFAULT_CAPABILITIES.filter((c) => bounding.has(c));
  if (host.capAdd.length === 0 && host.capDrop.length === 0) return defaults;

  const drop = normalize(host.capDrop, bounding);
  const add = normalize(host.capAdd, bounding);
  let caps: string[];
  if (add.includes(ALL)) caps = available.filter((c) => !drop.includes(c));
  else if (drop.includes(ALL)) caps = add;
  else caps = [...defaults.filter((c) => !drop.includes(c)), ...add];
  return [...new Set(caps)];
}

/** Capability names for a `CapBnd:`/`CapEff:` hex mask from /proc/<pid>/status. */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** The hex mask (as /proc prints it, 16 digits) for a set of capability names. */
export function capabilityMask(names: readonly string[]): string {
  let mask = 0n;
  for (const n of names) {
    const bit = ALL_CAPABILITIES.indexOf(n);
    if (bit >= 0) mask |= 1n << BigInt(bit);
  }
  return mask.toString(16).padStart(16, '0');
}
