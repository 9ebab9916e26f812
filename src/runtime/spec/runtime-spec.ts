/**
 * The subset of the OCI runtime-spec `config.json` (version 1.0.x, Linux) that berth emits.
 * Field names are the spec's own, so a value of this type serialises straight to the bundle
 * (see `encodeOciJson` for the one number JSON cannot carry). crun and runc both read it.
 */
export const OCI_VERSION = '1.0.2';

/**
 * RLIM_INFINITY (the uint64 maximum). Held as 2^64, the double nearest to it; `encodeOciJson`
 * writes the exact digits because JSON.stringify cannot.
 */
export const RLIMIT_INFINITY = 2 ** 64;

export interface RuntimeSpec {
  ociVersion: string;
  process: RuntimeProcess;
  root: { path: string; readonly: boolean };
  hostname?: string;
  domainname?: string;
  mounts: SpecMount[];
  annotations?: Record<string, string>;
  linux: LinuxSpec;
}

export interface ProcessUser {
  uid: number;
  gid: number;
  umask?: number;
  /** Supplementary groups; Docker lists the primary gid first. */
  additionalGids?: number[];
}

export interface LinuxCapabilities {
  bounding: string[];
  effective: string[];
  permitted: string[];
  inheritable: string[];
  ambient: string[];
}

/** `soft`/`hard` may be `RLIMIT_INFINITY`, which `encodeOciJson` writes as the uint64 maximum. */
export interface Rlimit {
  type: string;
  soft: number;
  hard: number;
}

export interface RuntimeProcess {
  terminal: boolean;
  consoleSize?: { height: number; width: number };
  user: ProcessUser;
  args: string[];
  env: string[];
  cwd: string;
  capabilities: LinuxCapabilities;
  rlimits: Rlimit[];
  noNewPrivileges: boolean;
  oomScoreAdj?: number;
  apparmorProfile?: string;
}

export interface SpecMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export type NamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup';

export interface LinuxNamespace {
  type: NamespaceType;
  /** Join this namespace instead of creating one. */
  path?: string;
}

export interface LinuxDevice {
  path: string;
  type: 'c' | 'b' | 'u' | 'p';
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface LinuxDeviceCgroup {
  allow: boolean;
  type?: 'a' | 'c' | 'b';
  /** -1 means any, as in Docker's `--device-cgroup-rule 'c *:* m'`. */
  major?: number;
  minor?: number;
  access?: string;
}

export interface LinuxMemory {
  limit?: number;
  reservation?: number;
  /** memory+swap in bytes (cgroup v1 semantics); -1 = unlimited. */
  swap?: number;
  disableOOMKiller?: boolean;
}

export interface LinuxCpu {
  shares?: number;
  quota?: number;
  period?: number;
  cpus?: string;
  mems?: string;
}

export interface LinuxResources {
  devices: LinuxDeviceCgroup[];
  memory?: LinuxMemory;
  cpu?: LinuxCpu;
  pids?: { limit: number };
  blockIO?: { weight?: number };
}

export type SeccompAction =
  | 'SCMP_ACT_KILL'
  | 'SCMP_ACT_KILL_PROCESS'
  | 'SCMP_ACT_KILL_THREAD'
  | 'SCMP_ACT_TRAP'
  | 'SCMP_ACT_ERRNO'
  | 'SCMP_ACT_TRACE'
  | 'SCMP_ACT_ALLOW'
  | 'SCMP_ACT_LOG'
  | 'SCMP_ACT_NOTIFY';

export type SeccompOperator =
  | 'SCMP_CMP_NE'
  | 'SCMP_CMP_LT'
  | 'SCMP_CMP_LE'
  | 'SCMP_CMP_EQ'
  | 'SCMP_CMP_GE'
  | 'SCMP_CMP_GT'
  | 'SCMP_CMP_MASKED_EQ';

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: SeccompOperator;
}

export interface LinuxSyscall {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  /** All must match (AND); several rules for one syscall are alternatives (OR). */
  args?: SeccompArg[];
}

export interface LinuxSeccomp {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures: string[];
  flags?: string[];
  listenerPath?: string;
  syscalls: LinuxSyscall[];
}

export interface LinuxSpec {
  namespaces: LinuxNamespace[];
  devices: LinuxDevice[];
  resources: LinuxResources;
  cgroupsPath?: string;
  sysctl?: Record<string, string>;
  seccomp?: LinuxSeccomp;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  rootfsPropagation?: string;
}
