import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ContainerRecord, HostSettings } from '../core/container.js';
import { notFound } from '../core/engine-error.js';
import type { ResolvedUser, SpecPort } from '../engine/containers/ports.js';
import { encodeOciJson } from '../runtime/spec/encode-oci-json.js';
import { execProcessSpec } from '../runtime/spec/exec-process-spec.js';
import { generateSpec } from '../runtime/spec/generate-spec.js';
import { listHostDevices } from '../runtime/spec/host/list-host-devices.js';
import { DEFAULT_PATH_ENV } from '../runtime/spec/opts/with-process.js';
import type { LinuxSeccomp, RuntimeSpec } from '../runtime/spec/runtime-spec.js';
import { compileSeccompBpf } from '../runtime/seccomp-bpf/compile-seccomp-bpf.js';
import type { HostFacts } from '../runtime/spec/spec-input.js';
import { validateHostSettings } from '../runtime/spec/validate-host-settings.js';
import { resolveUser } from '../runtime/user/resolve-user.js';

/**
 * Adapts the pure spec generator to the engine's SpecPort: adds the host facts read once at boot,
 * the default PATH, host devices for privileged containers, and the network namespace choice.
 */
export class SpecAdapter implements SpecPort {
  private readonly cpuCount = availableParallelism();
  private hostDevices: HostFacts['hostDevices'];
  private readonly bpfCache = new Map<string, string | undefined>();

  constructor(private readonly facts: HostFacts, private readonly namespacePathOf: (rec: ContainerRecord, kind: 'net' | 'pid' | 'ipc') => string | undefined,
    private readonly usesCrun: (rec: ContainerRecord) => boolean) {}

  validateHost(host: HostSettings): void {
    validateHostSettings(host, { hostFacts: this.facts, cpuCount: this.cpuCount });
  }

  async generate(rec: ContainerRecord, f: { rootfsPath: string; args: string[]; user: ResolvedUser; cgroupsPath: string;
    extraMounts: ContainerRecord['rootfsMounts'] }): Promise<string> {
    let hostFacts = this.facts;
    if (rec.host.privileged) {
      this.hostDevices ??= await listHostDevices();
      hostFacts = { ...this.facts, hostDevices: this.hostDevices };
    }
    const env = rec.config.env.some((e) => e.startsWith('PATH=')) ? rec.config.env : [DEFAULT_PATH_ENV, ...rec.config.env];
    const netnsPath = this.namespacePathOf(rec, 'net');
    const pid = this.namespacePathOf(rec, 'pid');
    const ipc = this.namespacePathOf(rec, 'ipc');
    const spec = generateSpec({
      id: rec.id, config: rec.config, host: rec.host, rootfsPath: f.rootfsPath, args: f.args, env,
      cwd: rec.config.workingDir || '/', user: f.user, cgroupsPath: f.cgroupsPath, hostFacts, extraMounts: f.extraMounts,
      ...(netnsPath !== undefined ? { netnsPath } : {}),
      namespacePaths: { ...(pid ? { pid } : {}), ...(ipc ? { ipc } : {}) },
    });
    if (spec.linux.seccomp && this.usesCrun(rec)) {
      const bpf = this.seccompBpf(spec.linux.seccomp);
      if (bpf) spec.annotations = { ...spec.annotations, 'run.oci.seccomp_bpf_data': bpf };
    }
    return encodeOciJson(spec);
  }

  /**
   * crun recompiles the profile with libseccomp on every start (most of its start time for a
   * three-architecture profile); the compiled program depends only on the profile, so it is
   * compiled once here and handed over precompiled. Any trouble: crun compiles it as before.
   */
  private seccompBpf(profile: LinuxSeccomp): string | undefined {
    const key = JSON.stringify(profile);
    if (!this.bpfCache.has(key)) {
      let bpf: string | undefined;
      try {
        bpf = compileSeccompBpf(profile)?.toString('base64');
      } catch {
        bpf = undefined;
      }
      if (this.bpfCache.size > 64) this.bpfCache.clear();
      this.bpfCache.set(key, bpf);
    }
    return this.bpfCache.get(key);
  }

  async execProcess(_rec: ContainerRecord, bundleDir: string, e: { args: string[]; env: string[]; cwd: string; tty: boolean; privileged: boolean;
    user?: ResolvedUser; consoleSize?: [number, number] }): Promise<string> {
    let spec: RuntimeSpec;
    try {
      spec = JSON.parse(await readFile(join(bundleDir, 'config.json'), 'utf8')) as RuntimeSpec;
    } catch {
      throw notFound('the container is not running (no runtime bundle)');
    }
    const p = execProcessSpec(spec.process!, {
      args: e.args, env: e.env, cwd: e.cwd, tty: e.tty,
      ...(e.user ? { user: e.user } : {}),
      ...(e.consoleSize ? { consoleSize: e.consoleSize } : {}),
      ...(e.privileged ? { privilegedCapabilities: this.facts.boundingCapabilities } : {}),
    });
    return encodeOciJson(p);
  }

  resolveUser(rootfsPath: string, user: string, groupAdd: string[]): Promise<ResolvedUser> {
    return resolveUser(rootfsPath, user, groupAdd);
  }
}
