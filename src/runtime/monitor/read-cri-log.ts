import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseCriRecord } from './cri-log-record.js';
import { criTimeToNanos, unixSecondsToNanos } from './cri-time.js';
import { findCriTailOffset } from './find-cri-tail-offset.js';

export interface CriLogLine {
  /** The time of the line's first record, RFC 3339 with nanoseconds, as in the file. */
  time: string;
  stream: 'stdout' | 'stderr';
  /** The whole line, partial records joined, with its newline unless the output ended without one. */
  line: Buffer;
}

export interface CriLogReadOptions {
  /** Only the last `tail` lines (counted before since/until apply, as docker does). Unset: all. */
  tail?: number;
  /** Unix seconds, inclusive bounds on a line's time (docker's `since`/`until`). */
  since?: number | string;
  until?: number | string;
  /** Keep reading as the file grows (fs.watch, no polling); the file may not exist yet. */
  follow?: boolean;
  /**
   * Ends a follow once settled and the file has been read to its end: pass the
   * container's exit, since the monitor writes all output before the exit file.
   */
  stopWhen?: Promise<unknown>;
  /** Ends the iteration (quietly, without an error). */
  signal?: AbortSignal;
}

const CHUNK = 64 * 1024;
const SMALL_READ = 8 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads the lines of a CRI-format log such as berth-monitor writes. A line still
 * unfinished when reading ends (the process wrote no final newline) is yielded
 * without one. Records are parsed from slices of the read buffers; bytes are
 * copied only to join partial records or a record cut by a read boundary.
 */
export async function* readCriLog(path: string, opts: CriLogReadOptions = {}): AsyncGenerator<CriLogLine, void, undefined> {
  const since = opts.since === undefined ? undefined : unixSecondsToNanos(opts.since);
  const until = opts.until === undefined ? undefined : unixSecondsToNanos(opts.until);
  const { follow = false, signal } = opts;
  const tail = opts.tail !== undefined && opts.tail >= 0 ? opts.tail : undefined;
  const wakeup = new Wakeup();
  let stopped = false;
  const stop = () => {
    stopped = true;
    wakeup.notify();
  };
  opts.stopWhen?.then(stop, stop);
  signal?.addEventListener('abort', wakeup.notify);

  let watcher: FSWatcher | undefined;
  let file: FileHandle | undefined;
  try {
    if (follow) {
      // the directory, not the file: it also reports the file's creation
      const name = basename(path);
      watcher = watch(dirname(path), { persistent: true }, (_event, changed) => {
        if (changed === null || changed === name) wakeup.notify();
      });
      watcher.on('error', stop); // e.g. the directory was removed: nothing more will come
    }
    file = await openIfExists(path);
    let pos = file === undefined || tail === undefined ? 0 : await findCriTailOffset(file, (await file.stat()).size, tail);
    const lines = new LineAssembler();
    let scratch = Buffer.allocUnsafe(CHUNK);
    let collected: CriLogLine[] | undefined = tail === undefined ? undefined : []; // the tail, trimmed once read

    // true once a line past `until` has been seen
    function* emit(batch: Iterable<CriLogLine>): Generator<CriLogLine, boolean> {
      for (const line of batch) {
        if (since === undefined && until === undefined) {
          yield line;
          continue;
        }
        const t = criTimeToNanos(line.time);
        if (t === null) continue;
        if (until !== undefined && t > until) return true;
        if (since === undefined || t >= since) yield line;
      }
      return false;
    }

    for (;;) {
      if (signal?.aborted) return;
      const lastPass = !follow || stopped;
      file ??= await openIfExists(path);
      if (file !== undefined) {
        for (;;) {
          const { bytesRead } = await file.read(scratch, 0, CHUNK, pos);
          if (bytesRead === 0) break;
          pos += bytesRead;
          // yielded lines are slices of what is read: hand out the buffer, or a copy of a small read
          let data: Buffer;
          if (bytesRead < SMALL_READ) {
            data = Buffer.from(scratch.subarray(0, bytesRead));
          } else {
            data = scratch.subarray(0, bytesRead);
            scratch = Buffer.allocUnsafe(CHUNK);
          }
          const batch = lines.push(data);
          if (collected !== undefined) collected.push(...batch);
          else if (yield* emit(batch)) return;
          if (signal?.aborted) return;
        }
      }
      if (lastPass) {
        const rest = lines.flush();
        if (collected !== undefined) collected.push(...rest);
        else if (yield* emit(rest)) return;
      }
      if (collected !== undefined) {
        const batch = collected.slice(Math.max(0, collected.length - tail!));
        collected = undefined;
        if (yield* emit(batch)) return;
      }
      if (lastPass) return;
      await wakeup.wait();
    }
  } finally {
    signal?.removeEventListener('abort', wakeup.notify);
    watcher?.close();
    await file?.close();
  }
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Splits chunks into records and joins each stream's partial records into lines. */
class LineAssembler {
  private carry: Buffer | undefined;
  private readonly open = new Map<string, { time: string; parts: Buffer[] }>();

  push(chunk: Buffer): CriLogLine[] {
    const data = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const out: CriLogLine[] = [];
    let start = 0;
    let nl: number;
    while ((nl = data.indexOf(NEWLINE, start)) >= 0) {
      const record = parseCriRecord(data.subarray(start, nl + 1));
      start = nl + 1;
      if (record === null) continue;
      const pending = this.open.get(record.stream);
      if (record.partial) {
        if (pending === undefined) this.open.set(record.stream, { time: record.time, parts: [record.data] });
        else pending.parts.push(record.data);
        continue;
      }
      if (pending === undefined) {
        out.push({ time: record.time, stream: record.stream, line: record.data });
      } else {
        this.open.delete(record.stream);
        pending.parts.push(record.data);
        out.push({ time: pending.time, stream: record.stream, line: Buffer.concat(pending.parts) });
      }
    }
    this.carry = start < data.length ? data.subarray(start) : undefined;
    return out;
  }

  /** The unfinished lines, once no more records will come. */
  flush(): CriLogLine[] {
    const out = [...this.open].map(([stream, p]) => ({
      time: p.time,
      stream: stream as CriLogLine['stream'],
      line: p.parts.length === 1 ? p.parts[0]! : Buffer.concat(p.parts),
    }));
    this.open.clear();
    return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}

/** A level-triggered wake-up: notify() before wait() is not lost. */
class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  readonly notify = (): void => {
    this.pending = true;
    this.resolve?.();
    this.resolve = undefined;
  };

  async wait(): Promise<void> {
    if (!this.pending) await new Promise<void>((r) => (this.resolve = r));
    this.pending = false;
  }
}
