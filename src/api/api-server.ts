import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Duplex, Readable } from 'node:stream';
import { EngineError } from '../core/engine-error.js';
import type { ApiHandler, ApiRequest, ApiResult } from './api-types.js';
import { httpStatus } from './http-errors.js';
import type { Router } from './router.js';

export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.24';

export interface ApiServerOptions {
  router: Router<ApiHandler>;
  /** `Server` header and `/version` identity. */
  serverName: string;
  /** Called once per failed request that is the engine's fault (5xx), to be logged. */
  onInternalError: (err: unknown, req: { method: string; url: string }) => void;
}

const VERSION_PREFIX = /^\/v(\d+)\.(\d+)(\/.*)$/;

/**
 * The HTTP front of berthd: version prefixes, routing, error mapping, and the ways a result is
 * written (JSON, stream, deferred, hijack). It knows nothing of containers or images.
 */
export function createApiServer(opts: ApiServerOptions): Server {
  const server = createServer({ keepAlive: true, requestTimeout: 0, headersTimeout: 60_000 });
  const commonHeaders = {
    'Api-Version': API_VERSION,
    'Server': opts.serverName,
    'Ostype': 'linux',
    'Docker-Experimental': 'false',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse | undefined, upgradeSocket?: Duplex, head?: Buffer) => {
    const abort = new AbortController();
    const onClose = () => abort.abort();
    // Kept: node unsets req.socket once a response with `Connection: close` is done.
    const socket = upgradeSocket ?? req.socket;
    socket.once('close', onClose);
    res?.once('close', () => { if (!res.writableFinished) abort.abort(); });
    try {
      let body: Readable = req;
      if (upgradeSocket) ({ body, rest: head } = await splitUpgradeBody(req, upgradeSocket, head ?? Buffer.alloc(0)));
      const apiReq = parseRequest(req, body, abort.signal, opts.router);
      if ('error' in apiReq) throw apiReq.error;
      const result = await apiReq.handler(apiReq.request);
      await writeResult(result, req, res, upgradeSocket, head, commonHeaders, abort.signal);
    } catch (err) {
      writeError(err, req, res, upgradeSocket, commonHeaders, opts);
    } finally {
      socket.off('close', onClose);
    }
  };

  server.on('request', (req, res) => void dispatch(req, res));
  server.on('upgrade', (req, socket, head) => void dispatch(req, undefined, socket, head));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return server;
}

/** Upgrade request bodies are bounded: only exec start sends one, a small JSON object. */
const MAX_UPGRADE_BODY = 1024 * 1024;

/**
 * Node hands an upgrade request over without reading its body (exec start sends its JSON with
 * `Upgrade: tcp`): the body is the first Content-Length bytes of `head` and the socket; what
 * follows it is already the hijacked stream (stdin), returned as `rest`.
 */
async function splitUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Readable; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!Number.isSafeInteger(length) || length <= 0) return { body: Readable.from([]), rest: head };
  if (length > MAX_UPGRADE_BODY) throw new EngineError('invalid_argument', `request body larger than ${MAX_UPGRADE_BODY} bytes`);
  let buf = head;
  while (buf.length < length) {
    const chunk = socket.read() as Buffer | null;
    if (chunk !== null) {
      buf = Buffer.concat([buf, chunk]);
      continue;
    }
    const more = await new Promise<boolean>((resolve) => {
      const done = (v: boolean) => { socket.off('readable', onReadable); socket.off('end', onEnd); socket.off('close', onEnd); resolve(v); };
      const onReadable = () => done(true);
      const onEnd = () => done(false);
      socket.on('readable', onReadable);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
    });
    if (!more) throw new EngineError('invalid_argument', 'request body ended early');
  }
  return { body: Readable.from([buf.subarray(0, length)]), rest: buf.subarray(length) };
}

function parseRequest(req: IncomingMessage, body: Readable, signal: AbortSignal, router: Router<ApiHandler>):
  { request: ApiRequest; handler: ApiHandler } | { error: EngineError } {
  const url = new URL(req.url ?? '/', 'http://berth');
  let path = url.pathname;
  let apiVersion = Number(API_VERSION);
  const m = VERSION_PREFIX.exec(path);
  if (m) {
    apiVersion = Number(`${m[1]}.${m[2]}`);
    path = m[3]!;
    if (compareVersions(`${m[1]}.${m[2]}`, API_VERSION) > 0) {
      return { error: new EngineError('invalid_argument', `client version ${m[1]}.${m[2]} is too new. Maximum supported API version is ${API_VERSION}`) };
    }
    if (compareVersions(`${m[1]}.${m[2]}`, MIN_API_VERSION) < 0) {
      return { error: new EngineError('invalid_argument', `client version ${m[1]}.${m[2]} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`) };
    }
  }
  const match = router.match(req.method ?? 'GET', path);
  if (match === undefined) return { error: new EngineError('not_found', `page not found`) };
  if (match === 'method-not-allowed') return { error: new EngineError('not_found', `page not found`) };
  return {
    handler: match.handler,
    request: {
      method: req.method ?? 'GET', path, params: match.params, query: url.searchParams, apiVersion,
      headers: req.headers, body, signal,
    },
  };
}

function compareVersions(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number) as [number, number];
  const [b1, b2] = b.split('.').map(Number) as [number, number];
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

async function writeResult(result: ApiResult, req: IncomingMessage, res: ServerResponse | undefined, upgradeSocket: Duplex | undefined,
  head: Buffer | undefined, common: Record<string, string>, signal: AbortSignal): Promise<void> {
  if (result.kind === 'hijack') return hijack(result, req, res, upgradeSocket, head, common);
  if (!res) {
    // A client asked to upgrade an endpoint that doesn't hijack: answer plainly and close.
    const body = result.kind === 'json' ? JSON.stringify(result.body) : '';
    upgradeSocket!.end(`HTTP/1.1 ${result.status} OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return;
  }
  const headOnly = req.method === 'HEAD';
  switch (result.kind) {
    case 'json': {
      const body = JSON.stringify(result.body) + '\n';
      res.writeHead(result.status, { ...common, ...result.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(headOnly ? undefined : body);
      return;
    }
    case 'text':
      res.writeHead(result.status, { ...common, ...result.headers, 'Content-Type': result.contentType, 'Content-Length': Buffer.byteLength(result.body) });
      res.end(headOnly ? undefined : result.body);
      return;
    case 'empty':
      res.writeHead(result.status, { ...common, ...result.headers });
      res.end();
      return;
    case 'deferred-json': {
      res.writeHead(result.status, { ...common, 'Content-Type': 'application/json' });
      res.flushHeaders();
      let body: unknown;
      try {
        body = await result.body;
      } catch (err) {
        body = { Error: { Message: err instanceof Error ? err.message : String(err) } };
      }
      res.end(JSON.stringify(body) + '\n');
      return;
    }
    case 'stream': {
      res.writeHead(result.status, { ...common, ...result.headers, 'Content-Type': result.contentType });
      res.flushHeaders();
      try {
        for await (const chunk of result.body) {
          if (signal.aborted) break;
          if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
        }
      } catch (err) {
        if (!signal.aborted) res.write(JSON.stringify({ message: (err as Error).message, error: (err as Error).message, errorDetail: { message: (err as Error).message } }) + '\n');
      }
      res.end();
      return;
    }
  }
}

async function hijack(result: Extract<ApiResult, { kind: 'hijack' }>, req: IncomingMessage, res: ServerResponse | undefined,
  upgradeSocket: Duplex | undefined, head: Buffer | undefined, common: Record<string, string>): Promise<void> {
  let conn: Duplex;
  if (upgradeSocket) {
    conn = upgradeSocket;
    if (head && head.length > 0) conn.unshift(head);
    const headers = Object.entries({ ...common, 'Content-Type': result.contentType, Connection: 'Upgrade', Upgrade: 'tcp' })
      .map(([k, v]) => `${k}: ${v}\r\n`).join('');
    conn.write(`HTTP/1.1 101 UPGRADED\r\n${headers}\r\n`);
  } else {
    // No upgrade asked: take over the socket the request came on, as Docker does.
    conn = req.socket;
    const headers = Object.entries({ ...common, 'Content-Type': result.contentType }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    res!.detachSocket(req.socket);
    conn.write(`HTTP/1.1 200 OK\r\n${headers}\r\n`);
  }
  (conn as { setNoDelay?: (b: boolean) => void }).setNoDelay?.(true);
  conn.on('error', () => { /* peer vanished; run() sees the close */ });
  try {
    await result.run(conn);
  } finally {
    if (!conn.destroyed) conn.end();
  }
}

function writeError(err: unknown, req: IncomingMessage, res: ServerResponse | undefined, upgradeSocket: Duplex | undefined,
  common: Record<string, string>, opts: ApiServerOptions): void {
  const status = err instanceof EngineError ? httpStatus[err.code] : 500;
  if (status >= 500) opts.onInternalError(err, { method: req.method ?? '', url: req.url ?? '' });
  const message = err instanceof Error ? err.message : String(err);
  const body = status === 304 ? '' : JSON.stringify({ message }) + '\n';
  if (res) {
    if (res.headersSent) { res.destroy(); return; }
    // Node drains a body left unread once this answer is out, so the client can finish sending and
    // read it; only a request already destroyed ends the connection, and a keep-alive client must know.
    const close = req.destroyed && !req.complete ? { Connection: 'close' } : {};
    res.writeHead(status, { ...common, ...close, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (upgradeSocket?.writable) {
    upgradeSocket.end(`HTTP/1.1 ${status} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
}
