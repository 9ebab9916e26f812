import { join } from 'node:path';

/**
 * The files berth-monitor keeps in its directory (one directory per container or
 * exec). berthd must build the runtime argv with `--pid-file pidFile` and, for a
 * tty, `--console-socket consoleSocket`; the rest is read through this module.
 */
export interface MonitorPaths {
  /** Attach clients: docker-framed output out, stdin in. Gone once the monitor exits. */
  attachSocket: string;
  /** Control: `resize` in, `exit <code>` out. Gone once the monitor exits. */
  ctlSocket: string;
  /** Where the runtime sends the pty master (tty only). */
  consoleSocket: string;
  /** Written by the runtime (`--pid-file`): the container process, host pid namespace. */
  pidFile: string;
  /** The monitor's own pid, written before it says `ready`. */
  monitorPidFile: string;
  /** `<code>\n`, written atomically when the process has exited or failed to start. */
  exitFile: string;
}

export function monitorPaths(dir: string): MonitorPaths {
  return {
    attachSocket: join(dir, 'attach.sock'),
    ctlSocket: join(dir, 'ctl.sock'),
    consoleSocket: join(dir, 'console.sock'),
    pidFile: join(dir, 'pid'),
    monitorPidFile: join(dir, 'monitor.pid'),
    exitFile: join(dir, 'exit'),
  };
}
