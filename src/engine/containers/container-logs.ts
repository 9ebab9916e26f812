import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { conflict, invalidArgument } from '../../core/engine-error.js';
import { type ContainerContext, runtimeFor } from './container-context.js';

const execFileP = promisify(execFile);

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the monitor wrote it. */
  time: string;
  stream: 'stdout' | 'stderr';
  /** One line of output with its newline (none only if the output ended without one). */
  line: Buffer;
}

export interface LogReadOptions {
  tail?: number;
  /** Unix seconds (fractional). */
  since?: number;
  until?: number;
  follow: boolean;
  /** With follow: stop once this settles and the file is read to its end. */
  stopWhen?: Promise<unknown>;
  signal: AbortSignal;
}

export interface LogReaderPort {
  read(path: string, opts: LogReadOptions): AsyncIterable<LogLine>;
}

/** `docker logs` and `docker top`: read what the monitor recorded, and what runs now. */
export class ContainerLogs {
  constructor(private readonly ctx: ContainerContext, private readonly reader: LogReaderPort) {}

  /**
   * Yields the log in Docker's wire format: 8-byte framed records without a tty, raw bytes with
   * one; `follow` keeps going until the container stops or the client leaves.
   */
  async *read(ref: string, o: { stdout: boolean; stderr: boolean; follow: boolean; timestamps: boolean; since?: number; until?: number;
    tail?: number; signal: AbortSignal }): AsyncGenerator<Buffer> {
    const rec = this.ctx.store.get(ref);
    const running = rec.state.status === 'running' || rec.state.status === 'paused' || rec.state.status === 'restarting';
    const follow = o.follow && running;
    const stopWhen = follow ? this.ctx.watchers.nextExit(rec.id, o.signal).catch(() => undefined) : undefined;
    const lines = this.reader.read(rec.logPath, {
      follow, signal: o.signal,
      ...(o.tail !== undefined ? { tail: o.tail } : {}),
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.until !== undefined ? { until: o.until } : {}),
      ...(stopWhen ? { stopWhen } : {}),
    });
    for await (const l of lines) {
      if ((l.stream === 'stdout' && !o.stdout) || (l.stream === 'stderr' && !o.stderr)) continue;
      const prefix = o.timestamps ? `${l.time} ` : '';
      const payload = prefix ? Buffer.concat([Buffer.from(prefix), l.line]) : l.line;
      if (rec.config.tty) {
        yield payload;
        continue;
      }
      const header = Buffer.alloc(8);
      header[0] = l.stream === 'stdout' ? 1 : 2;
      header.writeUInt32BE(payload.length, 4);
      yield Buffer.concat([header, payload]);
    }
  }

  /** Docker's top: the host's `ps` with the user's options, rows limited to the container's pids. */
  async top(ref: string, psArgs: string): Promise<{ Titles: string[]; Processes: string[][] }> {
    const rec = this.ctx.store.get(ref);
    if (rec.state.status !== 'running' && rec.state.status !== 'paused') throw conflict(`Container ${rec.id} is not running`);
    const pids = new Set(await runtimeFor(this.ctx, rec).pids(rec.id));
    const args = psArgs.split(/\s+/).filter(Boolean);
    let stdout: string;
    try {
      ({ stdout } = await execFileP('ps', args, { maxBuffer: 16 * 1024 * 1024 }));
    } catch (err) {
      throw invalidArgument(`Error running ps: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
    }
    const lines = stdout.split('\n').filter(Boolean);
    const titles = (lines.shift() ?? '').trim().split(/\s+/);
    const pidCol = titles.indexOf('PID');
    if (pidCol < 0) throw invalidArgument(`Couldn't find PID field in ps output`);
    const processes: string[][] = [];
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (!pids.has(Number(fields[pidCol]))) continue;
      // The last column (the command) may contain spaces: keep it whole.
      processes.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')]);
    }
    return { Titles: titles, Processes: processes };
  }
}
