import type { LinuxResources } from './spec/runtime-spec.js';

/** What the runtime reports for one container (`<runtime> state`). */
export interface RuntimeState {
  id: string;
  /** The container init's host pid; 0 once stopped. */
  pid: number;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  bundle: string;
  /** ISO time the runtime created the container. */
  created?: string;
}

export interface RuntimeVersion {
  /** `crun` or `runc`. */
  name: string;
  /** e.g. `1.8.1`. */
  version: string;
  commit?: string;
  /** The OCI runtime-spec version the runtime implements. */
  spec?: string;
}

export interface LaunchOptions {
  /** The runtime writes the started process's host pid here before it exits. */
  pidFile: string;
  /**
   * An AF_UNIX socket that receives the pty master (SCM_RIGHTS). Required when the process
   * has `terminal: true` (a detached runtime has no other way to hand the pty over), absent otherwise.
   */
  consoleSocket?: string;
}

export interface CallOptions {
  /** Aborts the runtime call (the process is killed); commands also time out on their own. */
  signal?: AbortSignal;
}

/**
 * An OCI runtime (crun, runc) driven through its command line, with a state directory of
 * its own per daemon so two daemons never see each other's containers.
 *
 * Lifecycle: the engine writes a bundle (config.json from generateSpec + rootfs), the
 * monitor runs `runArgv(...)`: the runtime creates and starts the container detached and
 * exits, leaving the init re-parented to the monitor (a subreaper) which holds stdio and
 * reaps the exit code. `execArgv` is the same for an extra process. Everything else
 * (kill, pause, state, delete...) is a short command this interface runs itself.
 *
 * Errors are EngineError: `not_found` when the runtime does not know the container,
 * `conflict` when its state forbids the operation (e.g. not running), `internal` otherwise,
 * always carrying the runtime's own message.
 */
export interface OciRuntime {
  readonly name: string;

  /** argv (binary first) that creates and starts container `id` from `bundleDir`, detached. */
  runArgv(id: string, bundleDir: string, opts: LaunchOptions): string[];

  /** argv (binary first) that starts the process described by `processJsonPath` (see execProcessSpec) in running container `id`, detached. */
  execArgv(id: string, processJsonPath: string, opts: LaunchOptions): string[];

  /** Sends `signal` (name such as `SIGTERM`/`TERM`, or number) to the init, or with `all` to every process. */
  kill(id: string, signal: string | number, opts?: CallOptions & { all?: boolean }): Promise<void>;

  /** Removes the runtime's record (and cgroup); `force` kills a running container first. A container the runtime does not know is not an error. */
  delete(id: string, opts?: CallOptions & { force?: boolean }): Promise<void>;

  /** Freezes every process of the container (cgroup freezer). */
  pause(id: string, opts?: CallOptions): Promise<void>;
  resume(id: string, opts?: CallOptions): Promise<void>;

  /** The runtime's view of the container, or null when it does not know it. */
  state(id: string, opts?: CallOptions): Promise<RuntimeState | null>;

  /** Host pids of every process in the container. */
  pids(id: string, opts?: CallOptions): Promise<number[]>;

  /** Changes the cgroup limits of a running container (`docker update`). */
  update(id: string, resources: Omit<LinuxResources, 'devices'>, opts?: CallOptions): Promise<void>;

  version(opts?: CallOptions): Promise<RuntimeVersion>;
}
