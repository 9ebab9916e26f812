import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internal } from '../../core/engine-error.js';
import { libseccomp, type ScmpArgCmp } from '../../sys/libseccomp.js';
import type { LinuxSeccomp, SeccompAction, SeccompOperator } from '../spec/runtime-spec.js';

const EPERM = 1;
/** SCMP_ACT_NOTIFY is missing on purpose: it needs a listener, which only the runtime can set up. */
const ACTIONS: Partial<Record<SeccompAction, (errno: number) => number>> = {
  SCMP_ACT_KILL: () => 0x00000000,
  SCMP_ACT_KILL_THREAD: () => 0x00000000,
  SCMP_ACT_KILL_PROCESS: () => 0x80000000,
  SCMP_ACT_TRAP: () => 0x00030000,
  SCMP_ACT_ERRNO: (errno) => 0x00050000 | (errno & 0xffff),
  SCMP_ACT_TRACE: (errno) => 0x7ff00000 | (errno & 0xffff),
  SCMP_ACT_LOG: () => 0x7ffc0000,
  SCMP_ACT_ALLOW: () => 0x7fff0000,
};
const OPS: Record<SeccompOperator, number> = {
  SCMP_CMP_NE: 1, SCMP_CMP_LT: 2, SCMP_CMP_LE: 3, SCMP_CMP_EQ: 4, SCMP_CMP_GE: 5, SCMP_CMP_GT: 6, SCMP_CMP_MASKED_EQ: 7,
};

/**
 * Compiles an OCI seccomp section to the raw BPF program the kernel loads, with libseccomp, the
 * way crun does it (unknown syscall names are skipped; rules on one syscall are alternatives).
 * crun accepts the result in the `run.oci.seccomp_bpf_data` annotation and then skips its own
 * compile, which for a three-architecture profile costs more than the rest of `crun run`.
 * Returns undefined when this profile needs something we leave to the runtime (flags, a
 * listener, repeated argument indexes, no libseccomp).
 */
export function compileSeccompBpf(s: LinuxSeccomp): Buffer | undefined {
  const lib = libseccomp();
  if (!lib || s.listenerPath || (s.flags && s.flags.length > 0)) return undefined;
  const action = (name: SeccompAction, errno: number | undefined) => {
    const f = ACTIONS[name];
    if (!f) throw internal(`seccomp: unsupported action ${name}`);
    return f(errno ?? EPERM);
  };
  if (!ACTIONS[s.defaultAction]) return undefined;
  for (const rule of s.syscalls) {
    const indexes = (rule.args ?? []).map((a) => a.index);
    if (new Set(indexes).size !== indexes.length || !ACTIONS[rule.action]) return undefined;
  }
  const ctx = lib.init(action(s.defaultAction, s.defaultErrnoRet));
  if (!ctx) throw internal('seccomp_init failed');
  const dir = mkdtempSync(join(tmpdir(), 'berth-seccomp-'));
  try {
    for (const arch of s.architectures) {
      const a = lib.archResolveName(arch.replace(/^SCMP_ARCH_/, '').toLowerCase());
      if (a === 0) throw internal(`seccomp: unknown architecture ${arch}`);
      const rc = lib.archAdd(ctx, a);
      if (rc < 0 && rc !== -17 /* EEXIST: the native arch is there from init */) throw internal(`seccomp_arch_add ${arch}: ${rc}`);
    }
    for (const rule of s.syscalls) {
      const act = action(rule.action, rule.errnoRet);
      const cmps: ScmpArgCmp[] = (rule.args ?? []).map((a) => ({
        arg: a.index, op: OPS[a.op], datumA: BigInt(a.value), datumB: BigInt(a.valueTwo ?? 0),
      }));
      for (const name of rule.names) {
        const nr = lib.syscallResolveName(name);
        if (nr === -1 /* __NR_SCMP_ERROR: unknown here */) continue;
        const rc = lib.ruleAdd(ctx, act, nr, cmps);
        if (rc < 0) throw internal(`seccomp_rule_add ${name}: ${rc}`);
      }
    }
    const file = join(dir, 'filter.bpf');
    const fd = openSync(file, 'w+');
    try {
      const rc = lib.exportBpf(ctx, fd);
      if (rc < 0) throw internal(`seccomp_export_bpf: ${rc}`);
    } finally {
      closeSync(fd);
    }
    return readFileSync(file);
  } finally {
    lib.release(ctx);
    rmSync(dir, { recursive: true, force: true });
  }
}
