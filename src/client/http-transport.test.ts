import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ClientError } from './client-error.js';
import { DockerClient } from './docker-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A scripted daemon on a temp Unix socket that records every request. */
async function startServer(handler: Handler): Promise<{ server: Server; socket: string; seen: string[]; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-client-'));
  const socket = path.join(dir, 'd.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { server, socket, seen, dir };
}

function client(socket: string, env: NodeJS.ProcessEnv = {}): DockerClient {
  return DockerClient.fromEnvironment({ host: `unix://${socket}`, env });
}

describe('HttpTransport against a scripted daemon', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let serverVersion = '1.44';
  before(async () => {
    srv = await startServer((req, res, body) => {
      const url = req.url ?? '';
      if (url === '/_ping') {
        res.writeHead(200, { 'API-Version': serverVersion, 'Content-Type': 'text/plain' });
        res.end('OK');
      } else if (url.endsWith('/containers/nope/json')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"No such container: nope"}');
      } else if (url.endsWith('/containers/plain/json')) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('boom\n');
      } else if (url.includes('/containers/c1/start')) {
        res.writeHead(304);
        res.end();
      } else if (url.includes('/containers/c1/wait')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        setTimeout(() => res.end('{"StatusCode":7}'), 50);
      } else if (url.includes('/images/create')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"status":"received ${body.length} bytes"}\n{"status":"sha256:abc"}\n`);
      } else if (url.includes('/containers/json')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[]');
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `no route ${url}` }));
      }
    });
  });
  after(() => {
    srv.server.close();
    rmSync(srv.dir, { recursive: true, force: true });
  });

  test('negotiates once, lazily, and uses the lower version', async () => {
    srv.seen.length = 0;
    serverVersion = '1.44';
    const c = client(srv.socket);
    await Promise.all([c.containers.list(), c.containers.list({ all: true })]);
    c.close();
    assert.deepEqual(srv.seen.filter((s) => s.includes('_ping')), ['GET /_ping']);
    assert.ok(srv.seen.includes('GET /v1.44/containers/json'));
    assert.ok(srv.seen.includes('GET /v1.44/containers/json?all=1'));
  });

  test('a newer daemon is spoken to at our version', async () => {
    srv.seen.length = 0;
    serverVersion = '1.50';
    const c = client(srv.socket);
    await c.containers.list();
    c.close();
    assert.deepEqual(srv.seen, ['GET /_ping', 'GET /v1.47/containers/json']);
  });

  test('DOCKER_API_VERSION skips negotiation', async () => {
    srv.seen.length = 0;
    const c = client(srv.socket, { DOCKER_API_VERSION: '1.43' });
    await c.containers.list();
    c.close();
    assert.deepEqual(srv.seen, ['GET /v1.43/containers/json']);
  });

  test('daemon errors become ClientError with status and message', async () => {
    const c = client(srv.socket);
    await assert.rejects(c.containers.inspect('nope'), (err: unknown) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'not_found');
      assert.equal(err.message, 'No such container: nope');
      return true;
    });
    await assert.rejects(c.containers.inspect('plain'), { name: 'ClientError', status: 500, message: 'boom' });
    c.close();
  });

  test('304 on start is an outcome', async () => {
    const c = client(srv.socket);
    assert.equal(await c.containers.start('c1'), 'already-started');
    c.close();
  });

  test('wait resolves on headers, result later', async () => {
    const c = client(srv.socket);
    const t0 = Date.now();
    const { result } = await c.containers.wait('c1', { condition: 'next-exit' });
    assert.ok(Date.now() - t0 < 45, 'wait should not block on the body');
    assert.deepEqual(await result, { StatusCode: 7 });
    assert.ok(srv.seen.some((s) => s.endsWith('/containers/c1/wait?condition=next-exit')));
    c.close();
  });

  test('import streams the request body', async () => {
    const c = client(srv.socket);
    const body = Readable.from([Buffer.alloc(100_000, 1), Buffer.alloc(23, 2)]);
    const res = await c.images.import(body, { repo: 'busybox', tag: 'latest', changes: ['CMD ["sh"]'] });
    let text = '';
    for await (const chunk of res) text += chunk;
    assert.match(text, /received 100023 bytes/);
    assert.ok(srv.seen.some((s) => s.includes('/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22sh%22%5D')));
    c.close();
  });

  test('a failing upload body is reported as itself', async () => {
    const c = client(srv.socket);
    const body = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    await assert.rejects(c.images.import(body), { message: 'disk on fire' });
    c.close();
  });

  test('an absent daemon gives the docker-style message', async () => {
    const c = client(path.join(srv.dir, 'missing.sock'));
    await assert.rejects(c.containers.list(), (err: unknown) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.status, 0);
      assert.match(err.message, /^Cannot connect to the berth daemon at unix:\/\/.*missing\.sock\. Is the berth daemon running\?$/);
      return true;
    });
  });
});
