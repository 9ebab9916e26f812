import { execFile } from 'node:child_process';
import { EngineError } from '../../core/engine-error.js';
import type { CallOptions, LaunchOptions, OciRuntime, RuntimeState, RuntimeVersion } from '../oci-runtime.js';
import type { RuntimeDialect, UpdateResources } from './runtime-dialect.js';

/** A runtime command that takes longer than this is hung (e.g. on a frozen cgroup). */
const COMMAND_TIMEOUT_MS = 60_000;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** runc logs `time=... level=error msg="..."`; crun prints the message alone. */
export function runtimeMessage(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const messages = lines.map((line) => {
    const m = /msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (!m) return line.trim();
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1]!;
    }
  });
  return messages.join('; ');
}

export interface CliOciRuntimeOptions {
  /** The runtime's state directory, e.g. `<execRoot>/runtime/crun`; one per daemon. */
  root: string;
  /** Defaults to the dialect's usual path. */
  binary?: string;
}

/**
 * OciRuntime over the crun or runc command line (see RuntimeDialect for why one class
 * serves both). Short commands run with execFile, never a shell.
 */
export class CliOciRuntime implements OciRuntime {
  readonly name: string;
  readonly binary: string;
  readonly root: string;

  constructor(private readonly dialect: RuntimeDialect, opts: CliOciRuntimeOptions) {
    this.name = dialect.name;
    this.binary = opts.binary ?? dialect.defaultBinary;
    this.root = opts.root;
  }

  runArgv(id: string, bundleDir: string, opts: LaunchOptions): string[] {
    return [
      this.binary, '--root', this.root, 'run', '--detach', '--pid-file', opts.pidFile,
      ...this.consoleArgs(opts), '--bundle', bundleDir, id,
    ];
  }

  execArgv(id: string, processJsonPath: string, opts: LaunchOptions): string[] {
    return [
      this.binary, '--root', this.root, 'exec', '--detach', '--pid-file', opts.pidFile,
      ...this.consoleArgs(opts), '--process', processJsonPath, id,
    ];
  }

  async kill(id: string, signal: string | number, opts: CallOptions & { all?: boolean } = {}): Promise<void> {
    await this.check(id, ['kill', ...(opts.all ? ['--all'] : []), id, String(signal)], opts);
  }

  async delete(id: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    const out = await this.call(['delete', ...(opts.force ? ['--force'] : []), id], opts);
    if (out.code === 0 || this.dialect.notFound.test(out.stderr)) return;
    throw this.failure(id, 'delete', out);
  }

  async pause(id: string, opts: CallOptions = {}): Promise<void> {
    await this.check(id, ['pause', id], opts);
  }

  async resume(id: string, opts: CallOptions = {}): Promise<void> {
    await this.check(id, ['resume', id], opts);
  }

  async state(id: string, opts: CallOptions = {}): Promise<RuntimeState | null> {
    const out = await this.call(['state', id], opts);
    if (out.code !== 0) {
      if (this.dialect.notFound.test(out.stderr)) return null;
      throw this.failure(id, 'state', out);
    }
    const raw = JSON.parse(out.stdout) as { id: string; pid?: number; status: RuntimeState['status']; bundle: string; created?: string };
    const state: RuntimeState = { id: raw.id, pid: raw.pid ?? 0, status: raw.status, bundle: raw.bundle };
    if (raw.created) state.created = raw.created;
    return state;
  }

  async pids(id: string, opts: CallOptions = {}): Promise<number[]> {
    const out = await this.check(id, ['ps', '--format', 'json', id], opts);
    const parsed = JSON.parse(out.stdout || '[]') as number[] | null;
    return parsed ?? [];
  }

  async update(id: string, resources: UpdateResources, opts: CallOptions = {}): Promise<void> {
    const { args, stdin } = this.dialect.updateCommand(resources);
    await this.check(id, ['update', ...args, id], opts, stdin);
  }

  async version(opts: CallOptions = {}): Promise<RuntimeVersion> {
    const out = await this.call(['--version'], opts, undefined, false);
    if (out.code !== 0) throw new EngineError('unavailable', `${this.name} --version failed: ${runtimeMessage(out.stderr)}`);
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(out.stdout)?.[1];
    const v: RuntimeVersion = { name: this.name, version: /version\s+(\S+)/.exec(out.stdout)?.[1] ?? 'unknown' };
    const commit = field('commit');
    const spec = field('spec');
    if (commit) v.commit = commit;
    if (spec) v.spec = spec;
    return v;
  }

  private consoleArgs(opts: LaunchOptions): string[] {
    return opts.consoleSocket ? ['--console-socket', opts.consoleSocket] : [];
  }

  /** Runs a command that must succeed. */
  private async check(id: string, args: string[], opts: CallOptions, stdin?: string): Promise<Outcome> {
    const out = await this.call(args, opts, stdin);
    if (out.code !== 0) throw this.failure(id, args[0]!, out);
    return out;
  }

  private failure(id: string, verb: string, out: Outcome): EngineError {
    const message = runtimeMessage(out.stderr) || `${this.name} ${verb} exited with status ${out.code}`;
    if (this.dialect.notFound.test(out.stderr)) return new EngineError('not_found', `No such container: ${id}`, { cause: message });
    if (this.dialect.wrongState.test(out.stderr)) return new EngineError('conflict', `${this.name} ${verb} ${id}: ${message}`);
    return new EngineError('internal', `${this.name} ${verb} ${id}: ${message}`);
  }

  private call(args: string[], opts: CallOptions, stdin?: string, withRoot = true): Promise<Outcome> {
    const signals = [AbortSignal.timeout(COMMAND_TIMEOUT_MS), ...(opts.signal ? [opts.signal] : [])];
    const argv = withRoot ? ['--root', this.root, ...args] : args;
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.binary,
        argv,
        { signal: AbortSignal.any(signals), maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (err && typeof err.code !== 'number') {
            const aborted = err.name === 'AbortError';
            reject(new EngineError(aborted ? 'unavailable' : 'internal',
              aborted ? `${this.name} ${args[0]} was aborted or timed out` : `cannot run ${this.binary}: ${err.message}`,
              { cause: err }));
            return;
          }
          resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
        },
      );
      if (stdin !== undefined) child.stdin?.end(stdin);
      else child.stdin?.end();
    });
  }
}
