import type { Socket } from 'node:net';
import { EngineError } from '../../core/engine-error.js';
import { connectUnix } from './connect-unix.js';
import { monitorPaths } from './monitor-paths.js';
import { readExitFile } from './read-exit-file.js';

interface PendingReply {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * A connection to a monitor's ctl.sock: resizes the pty and learns the exit code
 * as soon as the monitor has written it. Opening never fails because the monitor
 * is gone; `exited` then comes from the exit file.
 */
export class MonitorControl {
  /**
   * The process's exit code (128+signal if killed). Null if the monitor is gone
   * without an exit file, i.e. it died abnormally. Rejects with `unavailable` if
   * this connection is closed first.
   */
  readonly exited: Promise<number | null>;
  private readonly pending: PendingReply[] = [];
  private settleExit!: (code: number | null | Promise<number | null>) => void;
  private failExit!: (err: Error) => void;
  private exitCode: number | undefined;
  private closedByUs = false;
  private text = '';

  private constructor(
    private readonly dir: string,
    private readonly socket: Socket | undefined,
  ) {
    this.exited = new Promise((resolve, reject) => {
      this.settleExit = resolve;
      this.failExit = reject;
    });
    this.exited.catch(() => {}); // closing without awaiting `exited` is fine
    if (socket === undefined) {
      this.settleExit(readExitFile(dir));
      return;
    }
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {}); // 'close' follows and decides
    socket.on('close', () => this.onClose());
  }

  static async open(dir: string, opts: { signal?: AbortSignal } = {}): Promise<MonitorControl> {
    try {
      return new MonitorControl(dir, await connectUnix(monitorPaths(dir).ctlSocket, { signal: opts.signal }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ECONNRESET: the monitor closed its listener (it is exiting) with this connection still queued.
      if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET') return new MonitorControl(dir, undefined);
      throw err;
    }
  }

  /** Sets the pty size (a no-op without a tty). Resolves once applied. */
  resize(rows: number, cols: number): Promise<void> {
    for (const n of [rows, cols]) {
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        return Promise.reject(new EngineError('invalid_argument', `invalid terminal size ${rows}x${cols}`));
      }
    }
    const socket = this.socket;
    if (socket === undefined || socket.destroyed || this.exitCode !== undefined) {
      return Promise.reject(new EngineError('conflict', 'the container is not running'));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(`resize ${rows} ${cols}\n`);
    });
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.destroy();
  }

  private onData(chunk: string): void {
    this.text += chunk;
    let nl: number;
    while ((nl = this.text.indexOf('\n')) >= 0) {
      const line = this.text.slice(0, nl);
      this.text = this.text.slice(nl + 1);
      if (line === 'ok') {
        this.pending.shift()?.resolve();
      } else if (line.startsWith('error ')) {
        this.pending.shift()?.reject(new EngineError('internal', `berth-monitor: ${line.slice(6)}`));
      } else if (/^exit \d+$/.test(line)) {
        this.exitCode = Number.parseInt(line.slice(5), 10);
        this.settleExit(this.exitCode);
      }
    }
  }

  private onClose(): void {
    for (const p of this.pending.splice(0)) p.reject(new EngineError('conflict', 'the container is not running'));
    if (this.exitCode !== undefined) return;
    if (this.closedByUs) this.failExit(new EngineError('unavailable', 'the monitor control connection was closed'));
    // the exit file is written before the monitor closes its sockets
    else this.settleExit(readExitFile(this.dir));
  }
}
