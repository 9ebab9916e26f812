import type { LinuxSeccomp, LinuxSyscall } from '../runtime-spec.js';
import type { NativeArch } from '../spec-input.js';
import type { ProfileFilter, SeccompProfile } from './seccomp-profile.js';

/** libseccomp's name for each native architecture. */
const SCMP_ARCH: Record<NativeArch, string> = {
  amd64: 'SCMP_ARCH_X86_64',
  arm64: 'SCMP_ARCH_AARCH64',
};

export interface SeccompTarget {
  /** The container's bounding set: capability-conditional rules follow it, as in Docker. */
  capabilities: readonly string[];
  arch: NativeArch;
  /** `uname -r`; when unknown, rules needing a minimum kernel are treated as unmet. */
  kernelVersion?: string;
}

/** `6.1.0-18-amd64` -> [6, 1]; undefined when it does not start with two numbers. */
function kernelOf(release: string | undefined): [number, number] | undefined {
  const m = release === undefined ? null : /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function kernelAtLeast(target: SeccompTarget, min: string): boolean {
  const have = kernelOf(target.kernelVersion);
  const want = kernelOf(min);
  if (!have || !want) return false;
  return have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);
}

function includesHold(f: ProfileFilter, t: SeccompTarget): boolean {
  if (f.arches?.length && !f.arches.includes(t.arch)) return false;
  if (f.caps?.length && !f.caps.every((c) => t.capabilities.includes(c))) return false;
  if (f.minKernel && !kernelAtLeast(t, f.minKernel)) return false;
  return true;
}

function excludesHit(f: ProfileFilter, t: SeccompTarget): boolean {
  if (f.arches?.length && f.arches.includes(t.arch)) return true;
  if (f.caps?.length && f.caps.some((c) => t.capabilities.includes(c))) return true;
  if (f.minKernel && kernelAtLeast(t, f.minKernel)) return true;
  return false;
}

/**
 * The OCI `linux.seccomp` for one container: keeps the rules whose conditions hold for its
 * capabilities, architecture and kernel, drops the conditions, and lists the native
 * architecture with its sub-architectures (x86_64 also filters x86 and x32 syscalls).
 * A profile with neither a default action nor rules means "no filter" (undefined), as in Docker.
 */
export function resolveSeccompProfile(profile: SeccompProfile, target: SeccompTarget): LinuxSeccomp | undefined {
  if (profile.defaultAction === '') return undefined;

  let architectures = profile.architectures ?? [];
  if (profile.archMap?.length) {
    const native = profile.archMap.find((a) => a.architecture === SCMP_ARCH[target.arch]);
    architectures = native ? [native.architecture, ...(native.subArchitectures ?? [])] : [];
  }

  const syscalls: LinuxSyscall[] = [];
  for (const rule of profile.syscalls) {
    if (rule.excludes && excludesHit(rule.excludes, target)) continue;
    if (rule.includes && !includesHold(rule.includes, target)) continue;
    const out: LinuxSyscall = { names: [...rule.names], action: rule.action };
    if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
    if (rule.args?.length) out.args = rule.args.map((a) => ({ ...a }));
    syscalls.push(out);
  }

  const seccomp: LinuxSeccomp = { defaultAction: profile.defaultAction, architectures, syscalls };
  if (profile.defaultErrnoRet !== undefined) seccomp.defaultErrnoRet = profile.defaultErrnoRet;
  if (profile.flags?.length) seccomp.flags = [...profile.flags];
  if (profile.listenerPath) seccomp.listenerPath = profile.listenerPath;
  return seccomp;
}
