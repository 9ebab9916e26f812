import type { SeccompAction, SeccompArg } from '../runtime-spec.js';

/**
 * A seccomp profile in Docker's format (what `--security-opt seccomp=<file>` carries and what
 * berth's default profile is written in): OCI fields plus rules that apply only for some
 * capabilities, architectures or kernels. `resolveSeccompProfile` turns it into the OCI form
 * for one container.
 */
export interface SeccompProfile {
  /** '' (with no syscalls) means "no filter at all", as Docker treats an empty profile. */
  defaultAction: SeccompAction | '';
  defaultErrnoRet?: number;
  /** Legacy flat list of SCMP_ARCH_* names; a profile uses this or `archMap`, not both. */
  architectures?: string[];
  /** Native architecture -> the sub-architectures whose syscalls it also filters. */
  archMap?: ProfileArchitecture[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls: ProfileSyscall[];
}

export interface ProfileArchitecture {
  architecture: string;
  subArchitectures: string[] | null;
}

/** When a rule applies: every listed condition must hold. */
export interface ProfileFilter {
  /** Capabilities that must all be in the container's bounding set. */
  caps?: string[];
  /** Go/Docker arch names: amd64, x86, x32, arm, arm64, s390x, ... */
  arches?: string[];
  /** `<kernel>.<major>`, e.g. `4.8`. */
  minKernel?: string;
}

export interface ProfileSyscall {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
  comment?: string;
  /** The rule applies only if all of these hold. */
  includes?: ProfileFilter;
  /** The rule is skipped if any one of these holds. */
  excludes?: ProfileFilter;
}
