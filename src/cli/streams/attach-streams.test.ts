import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { encodeStdioFrame as encodeFrame, STDERR, STDOUT } from '../../core/stdio-frames.js';
import { attachStreams } from './attach-streams.js';
import { DEFAULT_DETACH_KEYS } from './detach-keys.js';

let dir: string;
let server: Server;
let onConnection: (sock: Socket) => void = () => {};

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'berth-attach-'));
  server = createServer({ allowHalfOpen: true }, (sock) => onConnection(sock));
  await new Promise<void>((resolve) => server.listen(path.join(dir, 's.sock'), resolve));
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function dial(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ path: path.join(dir, 's.sock'), allowHalfOpen: true }, () => resolve(s));
  });
}

function sink(): PassThrough & { text: () => string } {
  const p = new PassThrough();
  let text = '';
  p.on('data', (c: Buffer) => (text += c.toString()));
  return Object.assign(p, { text: () => text });
}

test('non-tty: stdin is sent then half-closed; output keeps coming and is demultiplexed', async () => {
  onConnection = (sock) => {
    let got = '';
    sock.on('data', (c: Buffer) => (got += c.toString()));
    sock.on('end', () => {
      sock.write(encodeFrame(STDOUT, `echo:${got}`));
      sock.end(encodeFrame(STDERR, 'bye'));
    });
  };
  const socket = await dial();
  const stdin = new PassThrough();
  const stdout = sink();
  const stderr = sink();
  stdin.end('input data');
  const outcome = await attachStreams({ conn: { socket, multiplexed: true }, tty: false, stdin, stdout, stderr, detachKeys: DEFAULT_DETACH_KEYS });
  assert.equal(outcome, 'ended');
  assert.equal(stdout.text(), 'echo:input data');
  assert.equal(stderr.text(), 'bye');
});

test('tty: raw mode for the session, detach keys end it without sending them', async () => {
  let received = '';
  let serverSock: Socket | undefined;
  onConnection = (sock) => {
    serverSock = sock;
    sock.on('data', (c: Buffer) => (received += c.toString('latin1')));
    sock.write('prompt$ ');
  };
  const socket = await dial();
  const rawCalls: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (raw: boolean) => rawCalls.push(raw) });
  const stdout = sink();
  const session = attachStreams({ conn: { socket, multiplexed: false }, tty: true, stdin, stdout, stderr: sink(), detachKeys: DEFAULT_DETACH_KEYS });
  stdin.write('ls\r');
  await new Promise((resolve) => setTimeout(resolve, 30));
  stdin.write('\x10');
  stdin.write('\x11');
  assert.equal(await session, 'detached');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(received, 'ls\r');
  assert.equal(stdout.text(), 'prompt$ ');
  assert.deepEqual(rawCalls, [true, false]);
  assert.ok(socket.destroyed);
  serverSock?.destroy();
});

test('tty output is copied raw, and the terminal is restored when the output ends', async () => {
  onConnection = (sock) => sock.end(encodeFrame(STDOUT, 'x'));
  const socket = await dial();
  const rawCalls: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (raw: boolean) => rawCalls.push(raw) });
  const stdout = sink();
  const outcome = await attachStreams({ conn: { socket, multiplexed: true }, tty: true, stdin, stdout, stderr: sink(), detachKeys: DEFAULT_DETACH_KEYS });
  assert.equal(outcome, 'ended');
  // A tty stream is never demultiplexed, whatever the daemon labels it.
  assert.equal(stdout.text(), encodeFrame(STDOUT, 'x').toString());
  assert.deepEqual(rawCalls, [true, false]);
});
