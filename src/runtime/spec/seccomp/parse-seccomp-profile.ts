import { invalidArgument } from '../../../core/engine-error.js';
import type { SeccompAction, SeccompArg, SeccompOperator } from '../runtime-spec.js';
import type { ProfileArchitecture, ProfileFilter, ProfileSyscall, SeccompProfile } from './seccomp-profile.js';

const ACTIONS: readonly SeccompAction[] = [
  'SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP', 'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY',
];
const OPERATORS: readonly SeccompOperator[] = [
  'SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ',
];
const ARCHES = new Set([
  'SCMP_ARCH_X86', 'SCMP_ARCH_X86_64', 'SCMP_ARCH_X32', 'SCMP_ARCH_ARM', 'SCMP_ARCH_AARCH64',
  'SCMP_ARCH_LOONGARCH64', 'SCMP_ARCH_M68K', 'SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32', 'SCMP_ARCH_PPC', 'SCMP_ARCH_PPC64',
  'SCMP_ARCH_PPC64LE', 'SCMP_ARCH_S390', 'SCMP_ARCH_S390X', 'SCMP_ARCH_SH', 'SCMP_ARCH_SHEB',
  'SCMP_ARCH_PARISC', 'SCMP_ARCH_PARISC64', 'SCMP_ARCH_RISCV64',
]);
const FLAGS = new Set([
  'SECCOMP_FILTER_FLAG_TSYNC', 'SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW',
  'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
]);

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw invalidArgument(`Decoding seccomp profile failed: ${message}`);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, what: string, allowed?: ReadonlySet<string>): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`${what} must be an array of strings`);
  for (const s of v as string[]) if (allowed && !allowed.has(s)) fail(`unknown ${what} value ${JSON.stringify(s)}`);
  return [...(v as string[])];
}

function uint(v: unknown, what: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) fail(`${what} must be an integer from 0 to ${max}`);
  return v;
}

function action(v: unknown, what: string): SeccompAction {
  if (!ACTIONS.includes(v as SeccompAction)) fail(`invalid ${what} ${JSON.stringify(v)}`);
  return v as SeccompAction;
}

function filter(v: unknown, what: string): ProfileFilter | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail(`${what} must be an object`);
  const out: ProfileFilter = {};
  const caps = strings(v.caps, `${what}.caps`);
  const arches = strings(v.arches, `${what}.arches`);
  if (caps) out.caps = caps;
  if (arches) out.arches = arches;
  if (v.minKernel !== undefined && v.minKernel !== '') {
    if (typeof v.minKernel !== 'string' || !/^\d+\.\d+$/.test(v.minKernel) || /^0+\.0+$/.test(v.minKernel)) {
      fail(`invalid kernel version: ${JSON.stringify(v.minKernel)}, expected "<kernel>.<major>"`);
    }
    out.minKernel = v.minKernel;
  }
  return out;
}

function arg(v: unknown): SeccompArg {
  if (!isObject(v)) fail('syscall args must be objects');
  if (!OPERATORS.includes(v.op as SeccompOperator)) fail(`invalid operator ${JSON.stringify(v.op)}`);
  const out: SeccompArg = {
    index: uint(v.index, 'arg index', 5),
    value: uint(v.value, 'arg value', 2 ** 64),
    op: v.op as SeccompOperator,
  };
  if (v.valueTwo !== undefined && v.valueTwo !== 0) out.valueTwo = uint(v.valueTwo, 'arg valueTwo', 2 ** 64);
  return out;
}

function syscall(v: unknown): ProfileSyscall {
  if (!isObject(v)) fail('each syscalls entry must be an object');
  const names = strings(v.names, 'names');
  if (typeof v.name === 'string' && v.name !== '' && names?.length) {
    fail("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
  }
  const all = typeof v.name === 'string' && v.name !== '' ? [v.name] : names ?? [];
  if (all.length === 0) fail('a syscalls entry has no names');
  const out: ProfileSyscall = { names: all, action: action(v.action, 'syscall action') };
  if (v.errnoRet !== undefined) out.errnoRet = uint(v.errnoRet, 'errnoRet', 2 ** 32 - 1);
  if (v.args !== undefined && v.args !== null) {
    if (!Array.isArray(v.args)) fail('syscall args must be an array');
    if (v.args.length) out.args = v.args.map(arg);
  }
  if (typeof v.comment === 'string') out.comment = v.comment;
  const includes = filter(v.includes, 'includes');
  const excludes = filter(v.excludes, 'excludes');
  if (includes) out.includes = includes;
  if (excludes) out.excludes = excludes;
  return out;
}

function archMap(v: unknown): ProfileArchitecture[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail('archMap must be an array');
  return v.map((a) => {
    if (!isObject(a) || typeof a.architecture !== 'string' || !ARCHES.has(a.architecture)) {
      fail(`invalid archMap entry ${JSON.stringify(a)}`);
    }
    return { architecture: a.architecture, subArchitectures: strings(a.subArchitectures, 'subArchitectures', ARCHES) ?? null };
  });
}

/**
 * Parses a profile in Docker's JSON format (as sent in `seccomp=<json>`), checking every
 * field that reaches the runtime; anything malformed is invalid_argument.
 */
export function parseSeccompProfile(text: string): SeccompProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail((err as Error).message);
  }
  if (!isObject(doc)) fail('the profile must be a JSON object');
  const syscalls = doc.syscalls === undefined || doc.syscalls === null ? [] : doc.syscalls;
  if (!Array.isArray(syscalls)) fail('syscalls must be an array');
  const architectures = strings(doc.architectures, 'architectures', ARCHES);
  const map = archMap(doc.archMap);
  if (architectures?.length && map?.length) {
    fail("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  const emptyDefault = doc.defaultAction === undefined || doc.defaultAction === '';
  if (emptyDefault && syscalls.length > 0) fail('defaultAction is required');
  const profile: SeccompProfile = {
    defaultAction: emptyDefault ? '' : action(doc.defaultAction, 'defaultAction'),
    syscalls: syscalls.map(syscall),
  };
  if (doc.defaultErrnoRet !== undefined && doc.defaultErrnoRet !== null) {
    profile.defaultErrnoRet = uint(doc.defaultErrnoRet, 'defaultErrnoRet', 2 ** 32 - 1);
  }
  if (architectures) profile.architectures = architectures;
  if (map) profile.archMap = map;
  const flags = strings(doc.flags, 'flags', FLAGS);
  if (flags) profile.flags = flags;
  if (typeof doc.listenerPath === 'string' && doc.listenerPath !== '') profile.listenerPath = doc.listenerPath;
  return profile;
}
