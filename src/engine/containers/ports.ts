import type { Socket } from 'node:net';
import type { ContainerNetworkState, ContainerRecord, HostSettings } from '../../core/container.js';
import type { EndpointRequest } from '../../core/network.js';
import type { InterfaceCounters } from '../../network/network-driver.js';
import type { CgroupStats } from '../../sys/cgroups/cgroup-stats.js';
import type { Digest } from '../../core/digest.js';
import type { Mount } from '../../core/mount.js';

/**
 * The ports the container use cases need, each as small as the use cases allow. The daemon wires
 * concrete drivers (image service, crun/runc, the native monitor, cgroupfs) to them; tests can too.
 */

/** The parts of an image a container is created from (OCI image config `config` section). */
export interface ImageRuntimeDefaults {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  StopSignal?: string;
  Healthcheck?: { Test?: string[] | null; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number } | null;
}

export interface ImagePort {
  resolve(ref: string): Promise<{ id: Digest; repoTags: string[]; config: { config?: ImageRuntimeDefaults } }>;
  prepareContainerRootfs(key: string, imageId: Digest): Promise<Mount[]>;
  removeContainerRootfs(key: string): Promise<void>;
}

/** The volumes containers mount (engine/volumes' VolumeService). */
export interface VolumePort {
  /** The named volume (created if missing, with `options`) or, without a name, a new anonymous one. */
  forMount(name: string | undefined, options?: Record<string, string>): Promise<{ name: string; mountpoint: string }>;
  /** Docker's copy-up of the image content at a volume's destination into the volume, if it is empty. */
  copyUpIfEmpty(name: string, sourceDir: string): Promise<void>;
  /** Removes those of `names` that are anonymous and no container uses any more. */
  removeAnonymous(names: string[]): Promise<void>;
}

export interface MountPort {
  mountAll(mounts: Mount[], target: string): Promise<void> | void;
  unmount(target: string, opts?: { detach?: boolean }): Promise<void> | void;
}

export interface RuntimePort {
  readonly name: string;
  runArgv(id: string, bundleDir: string, opts: { pidFile: string; consoleSocket?: string }): string[];
  execArgv(id: string, processJsonPath: string, opts: { pidFile: string; consoleSocket?: string }): string[];
  kill(id: string, signal: string | number, opts?: { all?: boolean }): Promise<void>;
  delete(id: string, opts?: { force?: boolean }): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  pids(id: string): Promise<number[]>;
}

export interface MonitorStartOptions {
  dir: string;
  logPath?: string;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  argv: string[];
  beforeGo?: () => Promise<void>;
  signal?: AbortSignal;
}

export interface MonitorPort {
  start(opts: MonitorStartOptions): Promise<{ pid: number; monitorPid: number }>;
  /** Resolves with the exit code once the process has exited (now or later); null if unknown. */
  watchExit(dir: string): Promise<number | null>;
  resize(dir: string, rows: number, cols: number): Promise<void>;
  connectAttach(dir: string): Promise<Socket>;
  readExitFile(dir: string): Promise<number | null>;
  isAlive(dir: string): Promise<boolean>;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

export interface SpecPort {
  /** The OCI runtime spec (config.json text) for a container about to start. */
  generate(rec: ContainerRecord, facts: { rootfsPath: string; args: string[]; user: ResolvedUser; cgroupsPath: string;
    extraMounts: Mount[]; netnsPath?: string }): Promise<string>;
  /** The OCI `process` (JSON text) for an exec, derived from the running container's bundle. */
  execProcess(rec: ContainerRecord, bundleDir: string, exec: { args: string[]; env: string[]; cwd: string; tty: boolean; privileged: boolean;
    user?: ResolvedUser; consoleSize?: [number, number] }): Promise<string>;
  resolveUser(rootfsPath: string, user: string, groupAdd: string[]): Promise<ResolvedUser>;
  /** Throws invalid_argument for settings Docker would reject at create (limits, caps, security options, mounts). */
  validateHost(host: HostSettings): void;
}

export interface CgroupPort {
  /** The cgroup path (relative to each hierarchy's root) a container's processes go in. */
  pathFor(id: string): string;
  /** True if the kernel OOM-killed a process of that cgroup. Read before the runtime deletes it. */
  oomKilled(cgroupsPath: string): Promise<boolean>;
  /** Current usage counters of a cgroup (zeros for one that is gone). */
  stats(cgroupsPath: string): Promise<CgroupUsage>;
  /** The host's total CPU time so far, in ns (for CPU percentages). */
  systemCpuNs(): Promise<number>;
}

/** A cgroup's counters, as sys/cgroups reads them. */
export type CgroupUsage = CgroupStats;

/** One network a new container asks to join (`--network`, `--network-alias`, `--ip`, `--mac-address`). */
export interface EndpointCreateRequest {
  /** The network's name or id as the user gave it. */
  network: string;
  aliases: string[];
  ipv4Address: string;
  macAddress: string;
  links: string[];
}

/** What /etc/hosts and /etc/resolv.conf need from the container's networks. */
export interface NetworkEtcInfo {
  /** The container's own address (first endpoint), written beside its hostname. */
  ownAddress?: string;
  /** The embedded DNS server to use instead of the host's nameservers (user-defined networks). */
  nameserver?: string;
  /** `--link` entries: address and names. */
  linkHosts: { address: string; names: string[] }[];
}

/** The container-facing side of the network use cases (engine/networks' NetworkService). */
export interface NetworkPort {
  /** Resolves and validates the networks of a container being created (404 for an unknown one). */
  endpointsForCreate(networkMode: string, requests: EndpointCreateRequest[]): EndpointRequest[];
  /** Sandbox, veths, addresses and published ports for a container about to start; undefined when it has no bridge network. */
  setUp(rec: ContainerRecord): Promise<ContainerNetworkState | undefined>;
  /** Undoes `setUp` (after an exit, or a failed start). */
  tearDown(rec: ContainerRecord, state: ContainerNetworkState): Promise<void>;
  etcInfo(rec: ContainerRecord): NetworkEtcInfo;
  /** Traffic counters per interface inside the container (eth0, ...), for `docker stats`. */
  counters(rec: ContainerRecord): Promise<Record<string, InterfaceCounters>>;
}
