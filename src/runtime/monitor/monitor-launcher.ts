import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EngineError } from '../../core/engine-error.js';
import { readExitFile } from './read-exit-file.js';
import { RuntimeStartError } from './runtime-start-error.js';

export interface MonitorStartOptions {
  /** An existing directory owned by this container (or exec); see MonitorPaths. */
  dir: string;
  /** CRI-format log file to append to; none for execs. */
  logPath?: string;
  tty: boolean;
  /** Give the process a stdin that attach clients write to (otherwise /dev/null). */
  stdin: boolean;
  /** Close stdin when an attach client half-closes. */
  stdinOnce: boolean;
  /**
   * The complete runtime command line, with `--detach` and `--pid-file <dir>/pid`
   * (and `--console-socket <dir>/console.sock` with a tty), e.g.
   * `crun --root R run --detach --pid-file D/pid --bundle B ID`.
   */
  argv: string[];
  /**
   * An attach client with 1 MiB unsent pauses the container's output until it
   * catches up; one that takes nothing for this long is dropped. Default 10 s.
   */
  clientStallMs?: number;
  /** Runs once the monitor listens and before the runtime starts: connect attach clients here. */
  beforeGo?: () => Promise<void>;
  /** Aborts only until the runtime has been started; after that the start runs to its end. */
  signal?: AbortSignal;
}

export interface MonitorStarted {
  /** The container (or exec) process, in the host pid namespace. */
  pid: number;
  monitorPid: number;
}

/**
 * Starts berth-monitor processes. A monitor is detached from berthd (own session,
 * no inherited fds, unref'd) and outlives it; everything after `start` goes
 * through the files and sockets in its directory.
 */
export class MonitorLauncher {
  constructor(private readonly opts: { binary: string }) {}

  /**
   * Resolves once the process runs. Rejects with RuntimeStartError when the
   * runtime fails (the exit file then holds 125/126/127), with `internal` when the
   * monitor itself fails, or with the abort reason / beforeGo's error, in which
   * case nothing was started and the monitor exits on its own.
   */
  async start(o: MonitorStartOptions): Promise<MonitorStarted> {
    o.signal?.throwIfAborted();
    const dir = resolve(o.dir);
    const args = ['--dir', dir];
    if (o.logPath !== undefined) args.push('--log', resolve(o.logPath));
    if (o.tty) args.push('--tty');
    if (o.stdin) args.push('--stdin');
    if (o.stdinOnce) args.push('--stdin-once');
    if (o.clientStallMs !== undefined) args.push('--client-stall-ms', String(Math.max(1, Math.round(o.clientStallMs))));
    args.push('--', ...o.argv);

    const child = spawn(this.opts.binary, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true });
    const channel = child.stdio[3] as Socket;
    const lines = createInterface({ input: channel, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const next = async (): Promise<string | null> => {
      const r = await lines.next();
      return r.done ? null : r.value;
    };
    try {
      try {
        await once(child, 'spawn');
      } catch (err) {
        throw new EngineError('internal', `cannot run ${this.opts.binary}: ${(err as Error).message}`, { cause: err });
      }
      const first = await abortable(next(), o.signal);
      if (first !== 'ready') throw await this.failure(first, o.argv, dir);
      await o.beforeGo?.();
      o.signal?.throwIfAborted();
      channel.write('go\n');
      const second = await next();
      if (second === null || !second.startsWith('pid ')) throw await this.failure(second, o.argv, dir);
      return { pid: Number.parseInt(second.slice(4), 10), monitorPid: child.pid! };
    } finally {
      // before "go", the end of fd 3 makes the monitor remove its sockets and exit
      channel.destroy();
      child.unref();
    }
  }

  /** Turns the monitor's last word ("error <rc> <msg>", or nothing) into an error. */
  private failure(line: string | null, argv: string[], dir: string): EngineError | Promise<EngineError> {
    const m = line === null ? null : /^error (-?\d+) (.*)$/.exec(line);
    if (m === null) {
      return new EngineError('internal', `berth-monitor exited unexpectedly${line === null ? '' : `: ${line}`}`);
    }
    const [, rc, message] = m as unknown as [string, string, string];
    if (rc === '-1') return new EngineError('internal', `berth-monitor: ${message}`);
    return readExitFile(dir).then((code) => new RuntimeStartError(code ?? 125, message, basename(argv[0] ?? 'runtime')));
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
