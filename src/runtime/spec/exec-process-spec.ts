import { invalidArgument } from '../../core/engine-error.js';
import { mergeEnv } from './merge-env.js';
import type { RuntimeProcess } from './runtime-spec.js';
import type { ResolvedUser } from './spec-input.js';

export interface ExecProcessOptions {
  args: string[];
  /** `docker exec -e`: merged over the container's environment. */
  env?: string[];
  /** `docker exec -w`; empty = the container's working directory. */
  cwd?: string;
  /** `docker exec -u`, resolved against the container's rootfs; undefined = the container's user. */
  user?: ResolvedUser;
  tty: boolean;
  /** [rows, cols], as Docker's ConsoleSize. */
  consoleSize?: [number, number];
  /** `docker exec --privileged`: every capability in the daemon's bounding set. */
  privilegedCapabilities?: string[];
}

/**
 * The OCI `process` for `runtime exec --process`: a copy of the container's own process
 * (capabilities, rlimits, no-new-privileges, oom score) with the exec's command, environment,
 * directory, user and terminal, as dockerd builds it.
 */
export function execProcessSpec(container: RuntimeProcess, exec: ExecProcessOptions): RuntimeProcess {
  if (exec.args.length === 0) throw invalidArgument('No exec command specified');
  const cwd = exec.cwd || container.cwd;
  if (!cwd.startsWith('/')) throw invalidArgument(`the working directory '${cwd}' is invalid, it needs to be an absolute path`);
  const base = exec.tty && !container.env.some((e) => e.startsWith('TERM=')) ? [...container.env, 'TERM=xterm'] : container.env;
  const p: RuntimeProcess = {
    ...structuredClone(container),
    args: [...exec.args],
    env: mergeEnv(base, exec.env ?? []),
    cwd,
    terminal: exec.tty,
  };
  delete p.consoleSize;
  if (exec.tty && exec.consoleSize && (exec.consoleSize[0] > 0 || exec.consoleSize[1] > 0)) {
    p.consoleSize = { height: exec.consoleSize[0], width: exec.consoleSize[1] };
  }
  if (exec.user) p.user = { uid: exec.user.uid, gid: exec.user.gid, additionalGids: [...exec.user.additionalGids] };
  if (exec.privilegedCapabilities) {
    const caps = exec.privilegedCapabilities;
    p.capabilities = { bounding: [...caps], effective: [...caps], permitted: [...caps], inheritable: [], ambient: [] };
  }
  return p;
}
