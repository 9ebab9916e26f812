import type { Readable, Writable } from 'node:stream';
import type { HijackedStream } from '../../client/hijack.js';
import { copyOutput } from './copy-output.js';
import { DetachKeyMatcher } from './detach-keys.js';

export interface AttachStreamsOptions {
  conn: HijackedStream;
  tty: boolean;
  /** Local input to send, or undefined when stdin isn't attached. */
  stdin: (Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown }) | undefined;
  stdout: Writable;
  stderr: Writable;
  /** The detach sequence, watched for on a tty (docker leaves non-tty detaching to the daemon). */
  detachKeys: Buffer;
}

export type AttachOutcome = 'ended' | 'detached';

const FATAL_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Connects local stdio to a hijacked attach or exec connection, as docker's
 * hijackedIOStreamer: output is copied (demultiplexed unless tty) until the
 * daemon ends it; stdin is sent until it ends, then the write side is
 * half-closed so the process sees EOF while output keeps flowing. With a tty,
 * the local terminal goes raw for the session and the detach keys end it.
 * The terminal is restored however the session ends.
 */
export async function attachStreams(opts: AttachStreamsOptions): Promise<AttachOutcome> {
  const { conn, stdin } = opts;
  const socket = conn.socket;
  socket.on('error', () => {
    // Reported through the output copy; writes after the daemon hung up are harmless.
  });
  const raw = opts.tty && stdin?.isTTY === true && typeof stdin.setRawMode === 'function';
  // A signal that ends berth mid-session must not leave the user's terminal raw.
  const onFatalSignal = (signal: NodeJS.Signals) => {
    stdin!.setRawMode!(false);
    for (const s of FATAL_SIGNALS) process.off(s, onFatalSignal);
    process.kill(process.pid, signal);
  };
  if (raw) {
    stdin!.setRawMode!(true);
    for (const s of FATAL_SIGNALS) process.on(s, onFatalSignal);
  }
  let onInput: ((chunk: Buffer) => void) | undefined;
  let onInputEnd: (() => void) | undefined;
  const cleanup = () => {
    if (stdin && onInput) {
      stdin.off('data', onInput);
      stdin.off('end', onInputEnd!);
      stdin.pause();
    }
    if (raw) {
      stdin!.setRawMode!(false);
      for (const s of FATAL_SIGNALS) process.off(s, onFatalSignal);
    }
  };
  try {
    const detached = new Promise<AttachOutcome>((resolve) => {
      if (!stdin) return;
      const matcher = raw ? new DetachKeyMatcher(opts.detachKeys) : undefined;
      onInput = (chunk: Buffer) => {
        const { forward, detach } = matcher ? matcher.feed(chunk) : { forward: chunk, detach: false };
        if (forward.length > 0 && !socket.destroyed) socket.write(forward);
        if (detach) resolve('detached');
      };
      onInputEnd = () => {
        if (!socket.destroyed) socket.end();
      };
      stdin.on('data', onInput);
      stdin.once('end', onInputEnd);
      stdin.resume();
    });
    // Like docker, trust the tty setting over the daemon's content type (old daemons always say raw).
    const output = copyOutput(socket, !opts.tty, opts.stdout, opts.stderr).then((): AttachOutcome => 'ended');
    return await Promise.race([output, detached]);
  } finally {
    cleanup();
    socket.destroy();
  }
}
