import { Agent, type IncomingMessage, request as httpRequest, type RequestOptions as HttpRequestOptions } from 'node:http';
import type { Readable } from 'node:stream';
import { ClientError } from './client-error.js';
import { connectionError } from './connection-error.js';
import { daemonErrorMessage } from './daemon-error-message.js';
import type { DaemonHost } from './daemon-host.js';
import { hijack, type HijackedStream } from './hijack.js';
import { queryString, type QueryValue } from './query-string.js';
import { readText } from './read-text.js';
import { negotiateApiVersion } from './version-negotiation.js';

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (chunked), e.g. a tarball for image import. */
  stream?: Readable;
  headers?: Record<string, string>;
  /** Statuses below 400 are never errors; these extra ones aren't either (e.g. 404 probes). */
  acceptStatuses?: number[];
  signal?: AbortSignal;
}

export interface TransportOptions {
  /** A fixed API version (DOCKER_API_VERSION): no negotiation request is made. */
  apiVersion?: string;
}

/**
 * HTTP/1.1 over the daemon's Unix socket, with one keep-alive agent for all the
 * calls a command makes. The API version is negotiated once, lazily, by the first
 * versioned request (one `GET /_ping`), unless fixed by the caller.
 */
export class HttpTransport {
  readonly host: DaemonHost;
  private readonly agent = new Agent({ keepAlive: true });
  private version: Promise<string> | undefined;

  constructor(host: DaemonHost, opts: TransportOptions = {}) {
    this.host = host;
    if (opts.apiVersion) this.version = Promise.resolve(opts.apiVersion.replace(/^v/, ''));
  }

  /** The API version used in request paths, negotiating it on first use. */
  apiVersion(): Promise<string> {
    this.version ??= this.ping().then((res) => negotiateApiVersion(res.headers['api-version'] as string | undefined));
    return this.version;
  }

  /** `GET /_ping` (unversioned): the daemon's liveness and the headers that describe it. */
  async ping(opts: { signal?: AbortSignal } = {}): Promise<IncomingMessage & { body: string }> {
    const res = await this.send('GET', '/_ping', opts);
    const body = await readText(res);
    return Object.assign(res, { body });
  }

  /** A versioned request; answers with status >= 400 become ClientError. The caller consumes the body. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const version = await this.apiVersion();
    return this.send(method, `/v${version}${path}${queryString(opts.query)}`, opts);
  }

  /** A request whose answer is JSON (or empty, giving undefined). */
  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await readText(res);
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }

  /** A request whose answer body doesn't matter; resolves to the status (e.g. 204 or 304). */
  async empty(method: string, path: string, opts: RequestOptions = {}): Promise<number> {
    const res = await this.request(method, path, opts);
    res.resume();
    await new Promise<void>((resolve, reject) => res.once('end', resolve).once('error', reject));
    return res.statusCode ?? 0;
  }

  /** A versioned request that takes over the connection (attach, exec start). */
  async hijack(method: string, path: string, opts: { query?: Record<string, QueryValue>; json?: unknown } = {}):
    Promise<HijackedStream> {
    const version = await this.apiVersion();
    return hijack(this.host, method, `/v${version}${path}${queryString(opts.query)}`, opts.json);
  }

  /** Drops idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(method: string, fullPath: string, opts: RequestOptions): Promise<IncomingMessage> {
    const headers: Record<string, string> = { Host: 'berth', ...opts.headers };
    let payload: Buffer | undefined;
    if (opts.json !== undefined) {
      payload = Buffer.from(JSON.stringify(opts.json));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    } else if (opts.stream === undefined && method !== 'GET' && method !== 'HEAD') {
      headers['Content-Length'] = '0';
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      const options: HttpRequestOptions & { servername: string } = {
        socketPath: this.host.socketPath, agent: this.agent, method, path: fullPath, headers,
        // No TLS here: an empty servername stops the agent deriving one (an IPv6 regex that costs ms).
        servername: '',
        ...(opts.signal ? { signal: opts.signal } : {}),
      };
      const req = httpRequest(options);
      let bodyError: Error | undefined;
      // `on`, not `once`: a request can fail twice (e.g. the daemon answers early, then the upload hits EPIPE).
      req.on('error', (err) => reject(bodyError ?? connectionError(err, this.host)));
      req.once('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 400 || opts.acceptStatuses?.includes(status)) return resolve(res);
        readText(res).then((text) => reject(new ClientError(status, daemonErrorMessage(text, status))), reject);
      });
      if (opts.stream !== undefined) {
        // A failing body (an unreadable file, a broken tar writer) is reported as itself.
        opts.stream.once('error', (err) => {
          bodyError = err;
          req.destroy(err);
        });
        opts.stream.pipe(req);
      } else {
        req.end(payload);
      }
    });
  }
}
