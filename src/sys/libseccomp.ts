import koffi from 'koffi';

/** One argument comparison of a libseccomp rule (struct scmp_arg_cmp). */
export interface ScmpArgCmp {
  arg: number;
  op: number;
  datumA: bigint;
  datumB: bigint;
}

interface Bindings {
  init(defaultAction: number): unknown;
  release(ctx: unknown): void;
  archResolveName(name: string): number;
  archAdd(ctx: unknown, arch: number): number;
  syscallResolveName(name: string): number;
  ruleAdd(ctx: unknown, action: number, syscall: number, cmps: ScmpArgCmp[]): number;
  exportBpf(ctx: unknown, fd: number): number;
}

let bindings: Bindings | null | undefined;

/**
 * libseccomp (the library crun and runc compile OCI seccomp profiles with), loaded on first use.
 * Returns null when the library is not installed, so callers can leave compiling to the runtime.
 */
export function libseccomp(): Bindings | null {
  if (bindings !== undefined) return bindings;
  try {
    const lib = koffi.load('libseccomp.so.2');
    const cmp = koffi.struct('scmp_arg_cmp', { arg: 'uint32', op: 'int', datum_a: 'uint64', datum_b: 'uint64' });
    const init = lib.func('void *seccomp_init(uint32 def_action)');
    const release = lib.func('void seccomp_release(void *ctx)');
    const archResolve = lib.func('uint32 seccomp_arch_resolve_name(const char *name)');
    const archAdd = lib.func('int seccomp_arch_add(void *ctx, uint32 arch)');
    const sysResolve = lib.func('int seccomp_syscall_resolve_name(const char *name)');
    const ruleAddArray = lib.func('int seccomp_rule_add_array(void *ctx, uint32 action, int syscall, uint32 cnt, const scmp_arg_cmp *cmps)');
    const exportBpf = lib.func('int seccomp_export_bpf(void *ctx, int fd)');
    void cmp;
    bindings = {
      init: (a) => init(a),
      release: (ctx) => release(ctx),
      archResolveName: (n) => archResolve(n) as number,
      archAdd: (ctx, a) => archAdd(ctx, a) as number,
      syscallResolveName: (n) => sysResolve(n) as number,
      ruleAdd: (ctx, action, nr, cmps) =>
        ruleAddArray(ctx, action, nr, cmps.length,
          cmps.length ? cmps.map((c) => ({ arg: c.arg, op: c.op, datum_a: c.datumA, datum_b: c.datumB })) : null) as number,
      exportBpf: (ctx, fd) => exportBpf(ctx, fd) as number,
    };
  } catch {
    bindings = null;
  }
  return bindings;
}
