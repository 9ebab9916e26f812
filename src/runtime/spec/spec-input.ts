import type { ContainerConfig, HostSettings } from '../../core/container.js';
import type { Mount } from '../../core/mount.js';
import type { LinuxDevice } from './runtime-spec.js';

/**
 * Everything `generateSpec` needs, as plain data. The engine builds it from the
 * `ContainerRecord` plus facts it gathered (resolved user, host capabilities, ...), so
 * spec generation itself never touches the filesystem and is tested with golden files.
 */
export interface SpecInput {
  id: string;
  config: ContainerConfig;
  host: HostSettings;
  /** The mounted container rootfs (absolute host path). */
  rootfsPath: string;
  /** Resolved entrypoint + cmd; the first element is the program. */
  args: string[];
  /** Merged image + container env; the engine adds a default PATH when absent. */
  env: string[];
  cwd: string;
  user: ResolvedUser;
  /** e.g. `/berth/<id>`; passed to the runtime verbatim. */
  cgroupsPath: string;
  hostFacts: HostFacts;
  /**
   * Binds the engine prepares (/etc/hosts, /etc/resolv.conf, /etc/hostname), passed through
   * with their options. Like Docker they count as user mounts, except that a read-only rootfs
   * makes a bind read-only unless its options say `rw`.
   */
  extraMounts: Mount[];
  /** Join this network namespace; undefined = a new one (loopback only), unless networkMode is `host`. */
  netnsPath?: string;
  /** For `--pid container:X` / `--ipc container:X`: the other container's namespace paths. */
  namespacePaths?: { pid?: string; ipc?: string };
  /** Docker's HostConfig.MaskedPaths / ReadonlyPaths overrides (`--security-opt systempaths=unconfined` sends []). */
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** Supplementary groups, primary gid first (as Docker passes them to the runtime). */
  additionalGids: number[];
}

/** Docker/Go names for the machine architecture, which select seccomp architectures and rules. */
export type NativeArch = 'amd64' | 'arm64';

/** Facts about the host and the daemon process that change what a spec may contain. */
export interface HostFacts {
  /** `CAP_*` names in the daemon's bounding set: the most a container can be given. */
  boundingCapabilities: string[];
  cgroupVersion: 1 | 2;
  /**
   * The hard limits the daemon's runtime can set, by ulimit name (`nofile`, `nproc`, ...):
   * a container cannot get more (no CAP_SYS_RESOURCE, or fs.nr_open). Infinity = unlimited;
   * a missing name is not checked.
   */
  hardRlimits: HardRlimits;
  arch: NativeArch;
  /** False when the kernel cannot limit swap (no memory.memsw.* / memory.swap.max): no swap limit is emitted. */
  swapLimit?: boolean;
  /** `uname -r`, e.g. `6.1.0-18-amd64`; seccomp rules with `minKernel` apply only when known and met. */
  kernelVersion?: string;
  /** Host devices for `--privileged`, gathered by the engine (see host/list-host-devices.ts). */
  hostDevices?: DeviceInfo[];
  /** Host path of a static init (tini), bind-mounted as /sbin/docker-init for `--init`. */
  initPath?: string;
  /** Host-specific paths Docker also masks, e.g. existing /sys/devices/system/cpu/cpuN/thermal_throttle. */
  extraMaskedPaths?: string[];
}

export type HardRlimits = { nofile: number; nproc: number } & Partial<Record<string, number>>;

export type DeviceInfo = LinuxDevice;
