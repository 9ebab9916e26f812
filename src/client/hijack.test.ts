import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClientError } from './client-error.js';
import { encodeStdioFrame as encodeFrame, StdioFrameDecoder as FrameDecoder, STDOUT } from '../core/stdio-frames.js';
import { hijack, parseResponseHead } from './hijack.js';

/**
 * A raw TCP-level daemon: reads one request head (and a Content-Length body),
 * then behaves per the path, as berthd and dockerd do after an upgrade.
 */
function serve(socketPath: string, onRequest: (head: string, body: string, sock: Socket) => void): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (sock) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString();
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      sock.off('data', onData);
      onRequest(head, buf.subarray(end + 4, end + 4 + length).toString(), sock);
    };
    sock.on('data', onData);
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

describe('hijack', () => {
  let dir: string;
  let server: Server;
  const host = () => ({ url: `unix://${dir}/d.sock`, socketPath: `${dir}/d.sock` });
  const heads: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-hijack-'));
    server = await serve(`${dir}/d.sock`, (head, body, sock) => {
      heads.push(head);
      if (head.includes('/echo')) {
        // 101, with the first frame in the same write as the headers.
        sock.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n${encodeFrame(STDOUT, 'ready\n').toString('latin1')}`, 'latin1');
        let got = '';
        sock.on('data', (c: Buffer) => (got += c.toString()));
        // Output keeps flowing after the client half-closes its side.
        sock.on('end', () => sock.end(encodeFrame(STDOUT, `stdin was ${JSON.stringify(got)}\n`)));
      } else if (head.includes('/raw200')) {
        sock.end(`HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nbody=${body}`);
      } else {
        const msg = '{"message":"No such container: x"}';
        sock.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${msg.length}\r\n\r\n${msg}`);
      }
    });
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('101 upgrade: early bytes kept, stdin half-closed, output read to the end', async () => {
    const { socket, multiplexed } = await hijack(host(), 'POST', '/v1.47/containers/c/echo?stream=1');
    assert.equal(multiplexed, true);
    assert.match(heads.at(-1)!, /^POST \/v1\.47\/containers\/c\/echo\?stream=1 HTTP\/1\.1\r\n/);
    assert.match(heads.at(-1)!, /\r\nConnection: Upgrade\r\nUpgrade: tcp/);
    let out = '';
    const decoder = new FrameDecoder((_s, d) => (out += d.toString()));
    socket.on('data', (c: Buffer) => decoder.push(c));
    socket.resume();
    socket.write('hello');
    socket.end();
    await new Promise((resolve) => socket.once('end', resolve));
    socket.destroy();
    assert.equal(out, 'ready\nstdin was "hello"\n');
  });

  test('200 with a raw stream and a JSON request body', async () => {
    const { socket, multiplexed } = await hijack(host(), 'POST', '/v1.47/exec/e/raw200', { Detach: false, Tty: true });
    assert.equal(multiplexed, false);
    let out = '';
    for await (const c of socket) out += c;
    assert.equal(out, 'body={"Detach":false,"Tty":true}');
    assert.match(heads.at(-1)!, /Content-Type: application\/json/);
  });

  test('error answers become ClientError', async () => {
    await assert.rejects(hijack(host(), 'POST', '/v1.47/containers/x/attach'), (err: unknown) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.status, 404);
      assert.equal(err.message, 'No such container: x');
      return true;
    });
  });

  test('no daemon', async () => {
    await assert.rejects(hijack({ url: 'unix:///nonexistent/x.sock', socketPath: '/nonexistent/x.sock' }, 'POST', '/x'),
      /Cannot connect to the berth daemon at unix:\/\/\/nonexistent\/x\.sock/);
  });

  test('parseResponseHead', () => {
    const r = parseResponseHead('HTTP/1.1 101 UPGRADED\r\nContent-Type: a/b\r\nX-Y:  z ');
    assert.equal(r.status, 101);
    assert.equal(r.headers.get('content-type'), 'a/b');
    assert.equal(r.headers.get('x-y'), 'z');
    assert.throws(() => parseResponseHead('SSH-2.0'), ClientError);
  });
});
