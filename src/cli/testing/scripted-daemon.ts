import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a route sees: the request and its whole body. */
export interface ScriptedRequest {
  method: string;
  /** Path without the /v1.NN prefix, e.g. `/containers/create`. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

export type Route =
  | { kind: 'http'; handle: (req: ScriptedRequest, res: ServerResponse) => void }
  /** An upgraded (hijacked) request: the handler gets the raw socket after the 101 is sent. */
  | { kind: 'hijack'; contentType?: string; handle: (req: ScriptedRequest, socket: Socket) => void };

/**
 * A Docker Engine API daemon scripted per test, on a temporary Unix socket, for
 * testing the CLI's protocol behaviour (request order, bodies, exit codes)
 * without berthd. Routes are matched on "METHOD /path" with `*` for one segment;
 * unmatched requests get 404 `{"message": "no route ..."}`. Every request is logged.
 */
export class ScriptedDaemon {
  readonly log: ScriptedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private server: Server | undefined;
  private dir = '';

  get socketPath(): string {
    return path.join(this.dir, 'daemon.sock');
  }

  route(pattern: string, route: Route | ((req: ScriptedRequest, res: ServerResponse) => void)): this {
    this.routes.set(pattern, typeof route === 'function' ? { kind: 'http', handle: route } : route);
    return this;
  }

  /** Shorthand: answer JSON with a status. */
  json(pattern: string, status: number, body: unknown): this {
    return this.route(pattern, (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(path.join(tmpdir(), 'berth-scripted-'));
    this.server = createServer((req, res) => {
      void this.collect(req).then((sreq) => {
        const route = this.match(sreq);
        if (route?.kind === 'http') return route.handle(sreq, res);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `no route ${sreq.method} ${sreq.path}` }));
      });
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      void readUpgradeBody(socket, head, Number(req.headers['content-length'] ?? 0)).then((body) => this.hijacked(req, socket, body));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.socketPath, resolve));
    return this;
  }

  private hijacked(req: IncomingMessage, socket: Socket, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://d');
    const sreq: ScriptedRequest = {
      method: req.method ?? '', path: url.pathname.replace(/^\/v\d+\.\d+/, ''), query: url.searchParams, body, headers: req.headers,
    };
    this.log.push(sreq);
    const route = this.match(sreq);
    socket.on('error', () => {});
    if (route?.kind !== 'hijack') {
      socket.resume();
      const msg = JSON.stringify({ message: `no route ${sreq.method} ${sreq.path}` });
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${msg.length}\r\n\r\n${msg}`);
      return;
    }
    socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${route.contentType ?? 'application/vnd.docker.multiplexed-stream'}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
    route.handle(sreq, socket);
    socket.resume();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** "METHOD /path?query" lines of the requests so far, pings left out. */
  calls(): string[] {
    return this.log.filter((r) => r.path !== '/_ping').map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ''}`);
  }

  private async collect(req: IncomingMessage): Promise<ScriptedRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://d');
    const sreq: ScriptedRequest = {
      method: req.method ?? '', path: url.pathname.replace(/^\/v\d+\.\d+/, ''), query: url.searchParams, body: Buffer.concat(chunks), headers: req.headers,
    };
    this.log.push(sreq);
    return sreq;
  }

  private match(req: ScriptedRequest): Route | undefined {
    if (req.path === '/_ping' && !this.routes.has('GET /_ping')) {
      return { kind: 'http', handle: (_r, res) => { res.writeHead(200, { 'API-Version': '1.47', 'Content-Type': 'text/plain' }); res.end('OK'); } };
    }
    for (const [pattern, route] of this.routes) {
      const [method, p = ''] = pattern.split(' ');
      const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
      if (method === req.method && re.test(req.path)) return route;
    }
    return undefined;
  }
}

/**
 * An upgrade request's body (exec start sends JSON) follows the headers on the
 * socket, not through the IncomingMessage: take Content-Length bytes, put back
 * anything after them (early stdin).
 */
function readUpgradeBody(socket: Socket, head: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let buf = head;
    const take = () => {
      socket.off('data', onData);
      socket.pause();
      if (buf.length > length) socket.unshift(buf.subarray(length));
      resolve(buf.subarray(0, length));
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= length) take();
    };
    if (buf.length >= length) take();
    else socket.on('data', onData);
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

/** Runs the built `berth` CLI in a child process against `socketPath` (undefined: no -H flag). */
export function runBerth(socketPath: string | undefined, argv: string[], opts: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv } = {}):
  Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const host = socketPath === undefined ? [] : ['-H', `unix://${socketPath}`];
    const child = spawn(process.execPath, [MAIN, ...host, ...argv], {
      env: { PATH: process.env['PATH'], ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // A CLI that hangs must fail its test, not the whole run.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}
