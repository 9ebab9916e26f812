import type { Mount } from './mount.js';
import type { Digest } from './digest.js';
import type { EndpointRequest, EndpointState, PortBindingRequest, PublishedPort } from './network.js';

/**
 * The domain model of a container: what the user asked for at create time
 * (`ContainerConfig`, `HostSettings`) and what has happened since (`ContainerState`).
 * Docker's wire shapes (Config/HostConfig/State) are mapped to and from these in
 * api/dockercompat; nothing else knows them.
 */
export interface ContainerConfig {
  /** The image reference as the user typed it, e.g. `busybox` or `busybox:latest`. */
  image: string;
  /** The resolved image config digest (the image id). */
  imageId: Digest;
  entrypoint: string[];
  cmd: string[];
  env: string[];
  workingDir: string;
  /** `user`, `user:group`, `uid`, `uid:gid`; empty means root. */
  user: string;
  hostname: string;
  domainname: string;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  labels: Record<string, string>;
  stopSignal: string;
  /** Seconds to wait after the stop signal before SIGKILL; undefined = engine default (10). */
  stopTimeout?: number;
  exposedPorts: string[];
  volumes: string[];
  /** HEALTHCHECK / `--health-*`: absent = none; `test: ['NONE']` = disabled (also the image's). */
  healthcheck?: HealthcheckConfig;
}

/** Docker's health check: durations in nanoseconds, 0 = the default. */
export interface HealthcheckConfig {
  /** `['CMD', arg...]`, `['CMD-SHELL', command]` or `['NONE']`; empty = the image's. */
  test: string[];
  intervalNs: number;
  timeoutNs: number;
  startPeriodNs: number;
  startIntervalNs: number;
  retries: number;
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One probe's result, as Docker keeps the last five. */
export interface HealthProbeResult {
  start: string;
  end: string;
  exitCode: number;
  output: string;
}

export interface HealthState {
  status: HealthStatus;
  failingStreak: number;
  log: HealthProbeResult[];
}

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RestartPolicy {
  name: RestartPolicyName;
  maximumRetryCount: number;
}

/** Resource limits; 0 or undefined means "not set". Bytes, microseconds, nano-CPUs as Docker. */
export interface Resources {
  memory?: number;
  memorySwap?: number;
  memoryReservation?: number;
  nanoCpus?: number;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  blkioWeight?: number;
  oomKillDisable?: boolean;
  ulimits?: Ulimit[];
}

/** A bind, tmpfs or volume mount requested by the user. */
export interface UserMount {
  type: 'bind' | 'tmpfs' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
  /** Extra mount options, e.g. `size=64m`, `mode=1777`, `rprivate`. */
  options: string[];
  /**
   * For `type: 'volume'`: the volume's name. The API layer leaves `source` empty (or the name);
   * the engine sets `volumeName` at create, creating the volume if needed, and puts the volume's
   * host mountpoint in `source`, so the spec binds it like any other host path.
   */
  volumeName?: string;
  /** For `type: 'volume'`: driver options for a volume created by this mount (`--mount volume-opt=`). */
  volumeOptions?: Record<string, string>;
  /** For `type: 'volume'`: don't copy the image's content into an empty volume (`volume-nocopy`). */
  noCopy?: boolean;
}

export interface HostSettings {
  autoRemove: boolean;
  privileged: boolean;
  readonlyRootfs: boolean;
  capAdd: string[];
  capDrop: string[];
  /** Raw `--security-opt` values, e.g. `seccomp=unconfined`, `no-new-privileges`. */
  securityOpt: string[];
  init: boolean;
  restartPolicy: RestartPolicy;
  resources: Resources;
  /** Destination -> options string, as `--tmpfs /run:size=64m`. */
  tmpfs: Record<string, string>;
  mounts: UserMount[];
  /** `--volumes-from CONTAINER[:ro|:rw]` as given; the engine copies their mounts into `mounts` at create. */
  volumesFrom?: string[];
  /**
   * `default`/`bridge` (the default bridge), `none` (loopback only), `host`, `container:<id|name>`,
   * or a user-defined network's name or id: the network the container joins first.
   */
  networkMode: string;
  /** `-p`: container ports published on the host. */
  portBindings?: PortBindingRequest[];
  /** `-P`: every exposed port on a free host port. */
  publishAllPorts?: boolean;
  /** `host` or `container:<id|name>` to share that pid namespace; empty = a private one. */
  pidMode?: string;
  /** `host` or `container:<id|name>` to share that IPC namespace; empty/`private`/`shareable` = its own. */
  ipcMode?: string;
  /** `host` to share the host's hostname (UTS namespace); empty = a private one. */
  utsMode?: string;
  /** OCI runtime name, e.g. `crun` or `runc`. */
  runtime: string;
  shmSize: number;
  sysctls: Record<string, string>;
  oomScoreAdj: number;
  extraHosts: string[];
  dns: string[];
  /** `--dns-search`; absent in records made before it existed. */
  dnsSearch?: string[];
  /** `--dns-option`. */
  dnsOptions?: string[];
  groupAdd: string[];
  /** Docker's console size [rows, cols] for the first TTY size. */
  consoleSize?: [number, number];
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  /** ISO times; Docker's zero time `0001-01-01T00:00:00Z` when never. */
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  /** Set by an explicit stop/kill, so `unless-stopped` and `on-failure` don't restart it. */
  stoppedByUser: boolean;
  /** Present while a container with a health check runs (and kept after it stops, as Docker does). */
  health?: HealthState;
}

export interface ContainerRecord {
  id: string;
  name: string;
  created: string;
  config: ContainerConfig;
  host: HostSettings;
  state: ContainerState;
  /** Snapshot key of the container's writable layer. */
  snapshotKey: string;
  /** The mounts that assemble the rootfs (overlay of the image layers plus the writable layer). */
  rootfsMounts: Mount[];
  /** The path the container's rootfs is mounted at while it runs. */
  rootfsPath: string;
  logPath: string;
  /** The networks the container is on (bridge networks only), in the order joined. */
  endpoints?: EndpointRequest[];
  /** What the network driver set up for the current run; absent while not running. */
  networkState?: ContainerNetworkState;
}

export interface ContainerNetworkState {
  /** The bind-mounted network namespace the container joins. */
  netnsPath: string;
  endpoints: EndpointState[];
  ports: PublishedPort[];
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';
