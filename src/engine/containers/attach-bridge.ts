import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { encodeStdioFrame, STDOUT, StdioFrameDecoder } from '../../core/stdio-frames.js';

export interface AttachStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** Bytes that end the session without stopping the container (Docker: ctrl-p ctrl-q); tty only. */
  detachKeys: Buffer;
}

/**
 * Joins a client connection to a monitor's attach socket. The monitor speaks Docker's framed
 * stream, so when the client wants both stdout and stderr without a tty the bytes pass through
 * untouched; otherwise frames are filtered or unwrapped (tty clients get raw bytes).
 * Resolves when either side is done: the container's output ended, or the client left.
 */
export function bridgeAttach(monitor: Socket, client: Duplex, s: AttachStreams, opts: { beforeEnd?: () => Promise<unknown> } = {}): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      monitor.destroy();
      // e.g. exec: the exit code must be recorded before the client, seeing EOF, asks for it.
      void (opts.beforeEnd?.() ?? Promise.resolve()).catch(() => undefined).then(() => {
        if (!client.destroyed) client.end();
        resolve();
      });
    };

    if (!s.tty && s.stdout && s.stderr) {
      monitor.on('data', (chunk: Buffer) => { if (!client.write(chunk)) { monitor.pause(); client.once('drain', () => monitor.resume()); } });
    } else {
      const deframer = new StdioFrameDecoder((stream, payload) => {
        if (s.tty) return client.write(payload);
        if ((stream === 1 && s.stdout) || (stream === 2 && s.stderr)) {
          const header = Buffer.alloc(8);
          header[0] = stream;
          header.writeUInt32BE(payload.length, 4);
          client.write(header);
          return client.write(payload);
        }
        return true;
      });
      monitor.on('data', (chunk: Buffer) => { if (!deframer.push(chunk)) { monitor.pause(); client.once('drain', () => monitor.resume()); } });
    }
    monitor.once('end', finish);
    monitor.once('close', finish);
    monitor.on('error', finish);

    if (s.stdin) {
      const detach = s.tty && s.detachKeys.length > 0 ? new DetachMatcher(s.detachKeys) : undefined;
      client.on('data', (chunk: Buffer) => {
        if (detach?.feed(chunk)) return finish();
        monitor.write(chunk);
      });
      client.once('end', () => monitor.end());
    } else {
      client.on('data', () => { /* nothing to send to: discard */ });
    }
    client.once('close', finish);
    client.on('error', finish);
  });
}

/** Output for a client as Docker's stdout stream: raw with a tty, else one 8-byte-header frame. */
export function frameOutput(payload: Buffer, tty: boolean): Buffer {
  return tty ? payload : encodeStdioFrame(STDOUT, payload);
}

class DetachMatcher {
  private matched = 0;
  constructor(private readonly keys: Buffer) {}
  feed(chunk: Buffer): boolean {
    for (const b of chunk) {
      this.matched = b === this.keys[this.matched] ? this.matched + 1 : b === this.keys[0] ? 1 : 0;
      if (this.matched === this.keys.length) return true;
    }
    return false;
  }
}

/** Docker's `--detach-keys` syntax: `ctrl-p,ctrl-q`, `a`, `ctrl-@`...; empty disables. */
export function parseDetachKeys(spec: string): Buffer {
  if (spec === '') return Buffer.alloc(0);
  const bytes: number[] = [];
  for (const part of spec.split(',')) {
    const p = part.trim().toLowerCase();
    if (p.length === 1) bytes.push(p.charCodeAt(0));
    else if (p.startsWith('ctrl-') && p.length === 6) {
      const c = p.charCodeAt(5);
      if (c >= 97 && c <= 122) bytes.push(c - 96);
      else if (p[5] === '@') bytes.push(0);
      else if ('[\\]^_'.includes(p[5]!)) bytes.push(c - 64);
      else throw new Error(`Unknown character: '${part}'`);
    } else throw new Error(`Unknown character: '${part}'`);
  }
  return Buffer.from(bytes);
}
