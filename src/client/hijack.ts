import { connect, type Socket } from 'node:net';
import { ClientError } from './client-error.js';
import type { DaemonHost } from './daemon-host.js';
import { connectionError } from './connection-error.js';
import { daemonErrorMessage } from './daemon-error-message.js';

/** A connection taken over after an attach or exec start; it carries the container's stdio. */
export interface HijackedStream {
  /**
   * Raw (tty) or multiplexed (8-byte frame headers) stdio; see `multiplexed`.
   * Handed over paused so no output is lost: add a 'data' listener and call
   * `resume()`, or pipe or iterate it. Write stdin to it; call `end()` when stdin
   * ends to half-close while output keeps flowing.
   */
  socket: Socket;
  /** True unless the daemon said the stream is raw (a tty). */
  multiplexed: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A daemon that sends more than this before the blank line is not speaking HTTP. */
const MAX_HEADER = 64 * 1024;

/**
 * Sends one HTTP/1.1 request with `Connection: Upgrade` / `Upgrade: tcp` on a new
 * connection and returns the socket once the daemon answers 101 Switching Protocols
 * or 200 with a raw stream (docker does both). The request is written by hand
 * because after the answer the socket is no longer HTTP, and any bytes that arrived
 * with the headers must stay in the stream. Error answers become ClientError.
 */
export function hijack(host: DaemonHost, method: string, fullPath: string, body?: unknown): Promise<HijackedStream> {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  const head = [
    `${method} ${fullPath} HTTP/1.1`,
    'Host: berth',
    'User-Agent: berth',
    `Content-Type: ${body === undefined ? 'text/plain' : 'application/json'}`,
    `Content-Length: ${payload.length}`,
    'Connection: Upgrade',
    'Upgrade: tcp',
    '', '',
  ].join('\r\n');

  return new Promise<HijackedStream>((resolve, reject) => {
    const socket = connect({ path: host.socketPath, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(err);
    };
    const onError = (err: Error) => fail(connectionError(err, host));
    const onEnd = () => fail(new ClientError(0, 'the daemon closed the connection before answering'));
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      chunks.length = 0;
      chunks.push(all);
      const end = all.indexOf(HEADER_END);
      if (end < 0) {
        if (received > MAX_HEADER) fail(new ClientError(0, 'the daemon sent an oversized response header'));
        return;
      }
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      const response = parseResponseHead(all.subarray(0, end).toString('latin1'));
      const rest = all.subarray(end + HEADER_END.length);
      if (response.status === 101 || response.status === 200) {
        settled = true;
        socket.off('error', onError);
        if (rest.length > 0) socket.unshift(rest);
        const contentType = response.headers.get('content-type') ?? '';
        resolve({ socket, multiplexed: !contentType.includes('raw-stream') });
        return;
      }
      readErrorBody(socket, rest, response.headers).then(
        (text) => fail(new ClientError(response.status, daemonErrorMessage(text, response.status))),
        onError,
      );
    };
    socket.on('error', onError);
    socket.on('end', onEnd);
    socket.on('data', onData);
    socket.write(head);
    if (payload.length > 0) socket.write(payload);
  });
}

interface ResponseHead {
  status: number;
  headers: Map<string, string>;
}

export function parseResponseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!match) throw new ClientError(0, `malformed response from the daemon: ${JSON.stringify(lines[0] ?? '')}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(match[1]), headers };
}

/** Reads an error answer's body: Content-Length bytes, or until the daemon closes. */
function readErrorBody(socket: Socket, already: Buffer, headers: Map<string, string>): Promise<string> {
  const length = Number(headers.get('content-length') ?? NaN);
  return new Promise<string>((resolve, reject) => {
    const parts: Buffer[] = [already];
    let size = already.length;
    const done = () => resolve(Buffer.concat(parts).subarray(0, Number.isNaN(length) ? undefined : length).toString('utf8'));
    if (!Number.isNaN(length) && size >= length) return done();
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      size += chunk.length;
      if (!Number.isNaN(length) && size >= length) done();
    });
    socket.once('end', done);
    socket.once('error', reject);
    socket.resume();
  });
}
